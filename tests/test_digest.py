"""The weekly digest from a small story database: weeks, sections, evidence, escaping, JSON."""

import html
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from markdown_it import MarkdownIt

from flows.config import ConfigError, load_config, parse_config
from flows.digest import (
    DigestError,
    build_digest,
    last_complete_week,
    load_digest,
    parse_week,
    render_html,
    render_markdown,
    write_digest,
)
from flows.digest.data import ANALYSIS_RELATIONS
from flows.digest.render import md_text
from flows.store import connect, migrate
from tests.fixtures.digest.story import (
    BACK,
    DRIFT,
    EMPTY_WEEK,
    EVIL_QUOTE,
    IMG_SENTENCE,
    JAVASCRIPT_URL,
    JOBS,
    MARKDOWN_TITLE,
    NEW,
    PAREN_URL,
    QUIET_WEEK,
    SCRIPT_TITLE,
    WEEK,
    article_url,
    make_digest_db,
)
from tests.fixtures.digest.year import generate_analysis


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    return make_digest_db(tmp_path_factory.mktemp("digest") / "story.duckdb")


@pytest.fixture(scope="module")
def digest(story_db):
    return build_digest(story_db, WEEK)


@pytest.fixture(scope="module")
def written(digest, tmp_path_factory) -> dict[str, Path]:
    return write_digest(digest, tmp_path_factory.mktemp("out") / "digests")


# Weeks

@pytest.mark.parametrize("text, monday", [
    ("2026-W47", date(2026, 11, 16)), ("2026-W01", date(2025, 12, 29)),
    ("2026-W53", date(2026, 12, 28)), ("2020-W53", date(2020, 12, 28))])
def test_an_iso_week_is_its_monday(text, monday):
    assert parse_week(text) == monday


@pytest.mark.parametrize("text, message", [
    ("2026-47", "written like 2026-W47"), ("2026-W7", "written like"),
    ("2026-w07", "written like"), ("latest", "written like"), ("", "written like"),
    ("2026-W00", "not an ISO week"), ("2026-W54", "not an ISO week"),
    ("2025-W53", "2025 has weeks W01 to W52")])
def test_a_malformed_or_unreal_week_is_one_clear_line(text, message):
    with pytest.raises(DigestError, match=message) as info:
        parse_week(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("today, week", [
    (date(2026, 11, 23), "2026-W47"),  # a Monday: the week that just ended
    (date(2026, 11, 29), "2026-W47"),  # a Sunday: its own week is not over yet
    (date(2027, 1, 3), "2026-W52"),  # inside 2026's 53rd week
    (date(2026, 1, 1), "2025-W52")])  # new year's day falls in 2026-W01
def test_last_complete_week(today, week):
    assert last_complete_week(today) == week


def test_the_default_week_is_complete():
    monday = parse_week(last_complete_week())
    assert (date.today() - monday).days >= 7


# What goes into the digest

def test_week_in_numbers_against_the_previous_weeks(digest):
    assert [n.week for n in digest.numbers][-3:] == ["2026-W08", "2026-W09", "2026-W10"]
    assert len(digest.numbers) == 8
    this_week = digest.this_week
    assert (this_week.articles, this_week.outlets, this_week.claim_mentions) == (6, 5, 7)
    assert (this_week.new_claims, this_week.recurring_claims, this_week.resurfaced_claims) == \
        (1, 2, 1)
    assert digest.numbers[-2].recurring_claims == 1 and digest.numbers[-2].articles == 1
    assert digest.notice == ""


def test_recurring_claim_with_first_seen_count_outlets_and_timeline(digest):
    jobs = digest.recurring_claims[0]
    assert jobs.cluster_id == "c-jobs" and jobs.text == JOBS
    assert jobs.first_seen.date() == date(2026, 1, 6) and jobs.first_outlet == "xinhua.net"
    assert (jobs.mentions, jobs.mentions_this_week, jobs.articles) == (7, 3, 7)
    assert set(jobs.outlets) == {"xinhua.net", "chinadaily.com.cn", "globaltimes.cn",
                                 "evil.example"}
    assert len(jobs.timeline) == 26 and jobs.timeline[-1].week == WEEK
    assert [p.value for p in jobs.timeline][-8:] == [0, 1, 0, 0, 0, 1, 1, 3]
    assert [e.text for e in jobs.evidence][:3] == [JOBS, JOBS, IMG_SENTENCE]
    assert jobs.evidence[0].url == article_url("a10")


def test_a_flag_without_evidence_shows_the_weeks_own_sentences(digest):
    drift_claim = digest.recurring_claims[1]
    assert drift_claim.cluster_id == "c-drift"
    assert [(e.text, e.url) for e in drift_claim.evidence] == \
        [(DRIFT.format("3.1"), article_url("a13"))]


def test_counts_are_as_of_the_end_of_the_week(story_db):
    earlier = build_digest(story_db, "2026-W09")
    jobs = earlier.recurring_claims[0]
    assert (jobs.mentions, jobs.mentions_this_week) == (4, 1)
    assert earlier.new_claims == [] and earlier.syndicated == []


def test_new_and_resurfaced_claims(digest):
    assert [(c.cluster_id, c.text) for c in digest.new_claims] == [("c-new", NEW)]
    back = digest.resurfaced_claims[0]
    assert (back.text, back.last_seen_before, back.silent_weeks) == (BACK, "2026-W03", 6)


def test_number_drift_keeps_the_series_of_figures(digest):
    drift = digest.number_drift[0]
    assert drift.template == DRIFT.format("{count}")
    assert [p.figures for p in drift.points] == [["2.6 million"], ["2.8 million"],
                                                  ["3.1 million"]]
    assert [p.values[0] for p in drift.points] == [2.6e6, 2.8e6, 3.1e6]
    assert [p.this_week for p in drift.points] == [False, False, True]
    assert drift.points[0].sentence == DRIFT.format("2.6")


def test_syndicated_story_with_origin_and_copies(digest):
    story = digest.syndicated[0]
    assert story.origin.article_id == "a10" and story.origin.outlet == "xinhua.net"
    assert [(c.outlet, c.similarity, c.credit) for c in story.copies] == [
        ("chinadaily.com.cn", 0.97, "Xinhua"), ("evil.example", 0.91, None)]
    assert (story.copy_count, story.outlets) == (2, 3)


def test_most_quoted_speakers_with_roles(digest):
    zhang = digest.speakers[0]
    assert zhang.name == "Zhang Ke" and zhang.recurring
    assert zhang.roles == ["deputy chief of the CPC committee of Jiashi county"]
    assert (zhang.quotes_this_week, zhang.articles_this_week, zhang.quotes_total) == (3, 2, 4)
    assert {e.text for e in zhang.evidence} == {
        "The centres will train 5,000 people this year", "We respect every worker's wishes"}
    assert digest.totals["speakers"] == 3


def test_outlets_new_first_then_busiest(digest):
    assert [o.outlet for o in digest.outlets][:2] == ["evil.example", "xinhua.net"]
    evil = digest.outlets[0]
    assert evil.new and evil.copies_this_week == 1 and evil.summary
    assert [e.text for e in evil.evidence] == [SCRIPT_TITLE]
    xinhua = digest.outlets[1]
    assert (xinhua.articles_this_week, xinhua.articles_total) == (2, 5)
    assert xinhua.site_names == ["Xinhua"]


def test_top_limits_each_section_and_says_how_many(story_db):
    small = build_digest(story_db, WEEK, top=1)
    assert len(small.recurring_claims) == 1 and small.totals["recurring-claim"] == 2
    assert len(small.speakers) == 1
    assert "(top 1 of 2)" in render_markdown(small)
    assert "top 1 of 2" in render_html(small)


def test_a_quiet_week_says_so(story_db):
    quiet = build_digest(story_db, QUIET_WEEK)
    assert quiet.notice.startswith("A quiet week: 1 article from 1 outlet")
    markdown, page = render_markdown(quiet), render_html(quiet)
    assert md_text(quiet.notice) in markdown and quiet.notice in page
    for text in ("No claim recurred this week.", "No new claims this week.",
                 "No story was copied across outlets this week."):
        assert text in markdown and text in page
    assert [o.outlet for o in quiet.outlets] == ["xinhua.net"]


def test_an_empty_week_says_so(story_db):
    empty = build_digest(story_db, EMPTY_WEEK)
    assert empty.notice.startswith(f"Nothing on the topic was published in {EMPTY_WEEK}")
    assert md_text(empty.notice) in render_markdown(empty)
    assert "No outlet published on the topic this week." in render_html(empty)


def test_a_missing_database_is_one_clear_line(tmp_path):
    with pytest.raises(DigestError, match="no database") as info:
        build_digest(tmp_path / "absent.duckdb", WEEK)
    assert "\n" not in str(info.value)


def test_the_database_is_only_read(story_db):
    before = story_db.stat().st_mtime_ns
    build_digest(story_db, WEEK)
    assert story_db.stat().st_mtime_ns == before


def test_works_on_the_real_schema(tmp_path):
    """Against the project's own migrations and views: empty sections where the analysis
    views are missing or have nothing, and the missing ones named."""
    db = tmp_path / "real.duckdb"
    migrate(db)
    with connect(db) as con:
        present = {name for (name,) in con.execute(
            "SELECT view_name FROM duckdb_views() UNION SELECT table_name FROM duckdb_tables()"
        ).fetchall()}
    real = build_digest(db, WEEK)
    assert real.missing == [name for name in ANALYSIS_RELATIONS if name not in present]
    assert real.notice.startswith("Nothing on the topic was published")
    assert real.recurring_claims == [] and real.speakers == [] and real.outlets == []
    if real.missing:
        assert "in this database yet" in render_markdown(real)


def test_reads_the_projects_own_analysis_views(tmp_path):
    """Every section filled from the real analysis tables and views (sql/), so a renamed
    column there fails here rather than in a Monday run."""
    db = tmp_path / "analysed.duckdb"
    try:
        if not generate_analysis(db, articles=3_000):
            pytest.skip("the project has no analysis tables yet")
    except duckdb.Error as exc:
        pytest.skip("tests/fixtures/digest/year.py no longer matches the analysis tables: "
                    f"{str(exc).splitlines()[0]}")
    # the busiest week for number drift, so that every section has something to show
    with duckdb.connect(str(db), read_only=True) as con:
        week = con.execute("SELECT iso_week FROM flags WHERE kind = 'number-drift' "
                           "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()[0]
    digest = build_digest(db, week)
    assert digest.missing == [] and digest.notice == ""
    for section in ("recurring_claims", "new_claims", "resurfaced_claims", "number_drift",
                    "syndicated", "speakers", "outlets"):
        assert getattr(digest, section), section
    assert all(item.evidence for item in digest.recurring_claims)
    assert all(item.points for item in digest.number_drift)
    assert all(story.origin and story.copies for story in digest.syndicated)


# The files

def test_files_are_named_by_week(written):
    assert {k: p.name for k, p in written.items()} == {
        "md": "digest-2026-W10.md", "html": "digest-2026-W10.html",
        "json": "digest-2026-W10.json"}
    assert sorted(p.name for p in written["md"].parent.iterdir()) == sorted(
        p.name for p in written.values())


SECTION_TITLES = ("The week in numbers", "Top recurring claims", "New claims",
                  "Claims that resurfaced", "Number drift", "Syndicated stories",
                  "Most-quoted speakers", "Outlets")


def test_markdown_has_every_section_and_links_evidence(written):
    markdown = written["md"].read_text()
    headings = re.findall(r"^## (.+?)(?: \(top .*\))?$", markdown, flags=re.M)
    assert headings == list(SECTION_TITLES)
    for sentence, article_id in ((JOBS, "a10"), (NEW, "a13"), (BACK, "a15"),
                                 (DRIFT.format("2.8"), "a07")):
        assert f"{md_text(sentence)}" in markdown
        assert f"]({article_url(article_id)})" in markdown
    assert "The figures describe coercive labour transfers" in markdown
    assert "| 2.8 million |" in markdown


def test_html_has_every_section_and_links_evidence(written):
    page = written["html"].read_text()
    assert re.findall(r"<h2>([^<]+)", page) == list(SECTION_TITLES)
    for sentence, article_id in ((JOBS, "a10"), (NEW, "a13"), (BACK, "a15")):
        assert f"<q>{sentence}</q>" in page
        assert f'href="{article_url(article_id)}"' in page
    assert page.count("<svg") >= 6  # numbers, every claim's timeline, the drift chart


def test_html_loads_nothing_from_outside(written):
    page = written["html"].read_text()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|script|img|iframe|object)\b", page, flags=re.I)
    assert not re.search(r"<[^>]*\s(src|href)=\"(?!https?://)", page)


def test_html_escapes_everything_from_articles(written):
    page = written["html"].read_text()
    assert SCRIPT_TITLE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "It works&lt;/q&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in page and "&lt;b&gt;Evil&lt;/b&gt; News" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "javascript:" not in page
    assert 'href="https://evil.example/story_(1).html?q=[a]&amp;b=c d"' in page


def test_markdown_escapes_link_breaking_characters(written):
    markdown = written["md"].read_text()
    assert r"Jobs \[up\] \(again\) \*100%\* \| \_new\_ \<b\>record\</b\>" in markdown
    assert r"[\<script\>alert\(1\)\</script\>](https://evil.example/story_%281%29.html" \
           r"?q=%5Ba%5D&b=c%20d)" in markdown
    assert not re.search(r"(?<!\\)<", markdown), "every < from an article is escaped"
    assert "javascript:" not in markdown
    # Every link destination is one unbroken http(s) URL.
    for destination in re.findall(r"\]\(([^)]*)\)", markdown):
        assert re.fullmatch(r"https?://[^\s()<>\[\]]+", destination), destination


def test_markdown_renders_as_text_in_a_commonmark_renderer(written):
    """A renderer that passes raw HTML through shows the markup as text, and every link
    keeps its whole URL."""
    rendered = MarkdownIt("commonmark").enable("table").render(written["md"].read_text())
    assert "<script" not in rendered and "<img" not in rendered and "<i>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "It works&lt;/q&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in rendered
    assert html.escape(MARKDOWN_TITLE, quote=False) in rendered
    assert 'href="https://evil.example/story_%281%29.html?q=%5Ba%5D&amp;b=c%20d"' in rendered
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert len(re.findall(r"<h2>", rendered)) == len(SECTION_TITLES)
    assert "<table>" in rendered


@pytest.mark.parametrize("text, escaped", [
    ("1. first", r"1\. first"), ("- dash", r"\- dash"), ("a\n\n# b", r"a \# b"),
    ("x_y*z", r"x\_y\*z"), ("3.1 million", "3.1 million"), ("a|b", r"a\|b"),
    ("&amp;", r"\&amp;")])
def test_markdown_text_escaping(text, escaped):
    assert md_text(text) == escaped


def test_json_round_trips(written, digest):
    again = load_digest(written["json"])
    assert again == digest
    data = json.loads(written["json"].read_text())
    assert data["format"] == "drumbeat-digest/1" and data["week"] == WEEK
    assert data["outlets"][0]["evidence"][0]["text"] == SCRIPT_TITLE  # data, exactly as found
    assert data["speakers"][2]["evidence"][0]["text"] == EVIL_QUOTE
    assert JAVASCRIPT_URL in {e["url"] for e in data["recurring_claims"][0]["evidence"]}
    assert PAREN_URL in written["json"].read_text()


# Configuration

def test_digest_configuration_defaults_and_file(tmp_path):
    assert parse_config({}).digest.folder == "digests"
    assert parse_config({}).digest.smtp_host == "" and parse_config({}).digest.webhook_url == ""
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "drumbeat.toml"
    path.write_text('[digest]\nfolder = "out/digests"\ntop = 5\nsmtp_host = "mail.example"\n'
                    'smtp_recipients = ["a@example.org"]\nsmtp_password_env = "MAIL_PW"\n'
                    '[digest.webhook_headers]\nAuthorization = "env:HOOK_TOKEN"\n')
    cfg = load_config(path, environ={"DRUMBEAT_DIGEST__TOP": "3"})
    assert cfg.resolve(cfg.digest.folder) == tmp_path / "conf" / "out" / "digests"
    assert (cfg.digest.top, cfg.digest.smtp_port, cfg.digest.smtp_starttls) == (3, 587, True)
    assert cfg.digest.webhook_headers == {"Authorization": "env:HOOK_TOKEN"}


def test_digest_configuration_errors_are_one_line():
    with pytest.raises(ConfigError, match="smtp_recipients: expected list"):
        parse_config({"digest": {"smtp_recipients": "a@example.org"}}, "drumbeat.toml")
