"""End to end: `drumbeat run` against the local news site, a real DuckDB file, real
processes. Each hostile URL ends with the status the site documents; nothing is lost or
duplicated by re-runs, crashes or a second run at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.pools import is_running
from flows.store import connect
from flows.store.summaries import rebuild_summaries
from flows.urls import url_key
from tests.conftest import REPO, site_config_toml
from tests.support.newsite import HOSTILE, HOSTILE_FEEDS, NewsSite

pytestmark = pytest.mark.e2e


def drumbeat(*args: str, config: Path, timeout: float = 300, **popen) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRUMBEAT_CONFIG": str(config)}
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, **popen)


def start_drumbeat(*args: str, config: Path) -> subprocess.Popen:
    env = {**os.environ, "DRUMBEAT_CONFIG": str(config)}
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def query(db: Path, sql: str, params=None) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def url_statuses(db: Path) -> dict[str, str]:
    return dict(query(db, "SELECT url_key, status FROM urls"))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One site, one database, two runs: the facts the tests below check."""
    tmp = tmp_path_factory.mktemp("e2e")
    site = NewsSite()
    site.start()
    config = site_config_toml(site, tmp)
    db = tmp / "data" / "drumbeat.duckdb"
    first = drumbeat("run", config=config)
    second = drumbeat("run", "--json", config=config)
    yield {"site": site, "db": db, "first": first, "second": second, "config": config}
    site.stop()


def test_run_completes_and_prints_a_summary(first_run):
    result = first_run["first"]
    assert result.returncode == 0, result.stderr
    assert "run 1: sources" in result.stdout and "URLs by status" in result.stdout
    for source in ("site-rss", "site-atom", "site-sitemap", "broken-feed", "bomb-feed"):
        assert source in result.stdout


def test_every_hostile_url_ends_with_its_documented_status(first_run):
    site, db = first_run["site"], first_run["db"]
    statuses = url_statuses(db)
    for path, expected in HOSTILE.items():
        assert statuses.get(url_key(site.url(path))) == expected, path


def test_broken_feeds_fail_with_one_line_reasons(first_run):
    rows = dict((r[0], (r[1], r[2])) for r in query(
        first_run["db"], "SELECT source_id, ok, detail FROM source_checks WHERE run_id = 1"))
    assert rows["broken-feed"][0] is False and "malformed" in rows["broken-feed"][1]
    assert rows["bomb-feed"][0] is False and "entities" in rows["bomb-feed"][1]
    assert rows["slow-feed"][0] is False and "timeout" in rows["slow-feed"][1]
    assert all("\n" not in detail for _, detail in rows.values())
    assert len(HOSTILE_FEEDS) == 3
    # the entity-expansion feed was refused, never parsed into requests
    assert first_run["site"].hits["/feeds/bomb-canary.html"] == 0


def test_articles_are_stored_once_with_their_fields(first_run):
    site, db = first_run["site"], first_run["db"]
    rows = {r[0]: r[1:] for r in query(db, """
        SELECT u.url_key, u.status, a.title, a.on_topic, a.published, a.text, a.canonical_url
        FROM urls u LEFT JOIN articles a USING (article_id)""")}
    for spec in site.articles:
        status, title, on_topic, published, text, canonical = rows[url_key(site.url(spec.path))]
        expected = spec.expected
        assert status == expected["status"], spec.path
        if status in ("stored", "off-topic"):
            assert on_topic == spec.on_topic, spec.path
            assert published[:10] == expected["date"], spec.path
            for snippet in expected["text_contains"]:
                assert snippet in text, (spec.path, snippet)
            for snippet in expected["text_excludes"]:
                assert snippet not in text, (spec.path, snippet)
    # one article per canonical URL: the tracking and AMP variants made no rows of their own
    keys = [k for k, *_ in query(db, "SELECT canonical_key FROM articles")]
    assert len(keys) == len(set(keys))
    # each variant the feeds and lists gave keys to its clean article URL
    for listed, _where, clean in site.tracking_variants:
        assert url_key(site.url(listed)) == url_key(site.url(clean)), listed
        assert rows[url_key(site.url(clean))][0] == "stored"


def test_the_seeds_are_stored_with_their_provenance(first_run):
    rows = query(first_run["db"], "SELECT outlet, published, on_topic, extractor FROM articles "
                 "WHERE source_id = 'seeds' ORDER BY outlet")
    assert rows == [("chinaxinjiang.cn", "2020-04-08", True, "seed-file"),
                    ("ecns.cn", "2016-10-26", True, "seed-file")]


def test_wrong_declared_charset_is_decoded_right(first_run):
    site, db = first_run["site"], first_run["db"]
    spec = site.article("/hostile/latin1.html")
    text = query(db, "SELECT a.text FROM urls u JOIN articles a USING (article_id) "
                 "WHERE u.url_key = ?", [url_key(site.url("/hostile/latin1.html"))])[0][0]
    for snippet in spec.expected["text_contains"]:
        assert snippet in text


def test_raw_responses_are_archived_and_readable(first_run):
    from flows.archive import read_record
    db = first_run["db"]
    archive = db.parent / "archive"
    rows = query(db, "SELECT f.warc_file, f.warc_offset, f.sha256 FROM articles a "
                 "JOIN fetches f USING (fetch_id)")
    assert rows
    import hashlib
    for warc_file, offset, sha in rows:
        body, _ = read_record(archive, warc_file, offset)
        assert hashlib.sha256(body).hexdigest() == sha


def test_second_run_changes_nothing_and_feeds_answer_304(first_run):
    result = first_run["second"]
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["run_id"] == 2
    # only URLs still worth retrying come back; nothing new is stored
    assert set(summary["counts"]) <= {"timeout", "http-500"}
    details = {s["id"]: s["detail"] for s in summary["sources"]}
    assert "304" in details["site-rss"] and "304" in details["site-atom"]
    counts = query(first_run["db"], "SELECT count(*), count(DISTINCT canonical_key) FROM articles")
    assert counts[0][0] == counts[0][1]


def test_status_and_sources_commands(first_run):
    status = drumbeat("status", config=first_run["config"])
    assert status.returncode == 0, status.stderr
    assert "completed" in status.stdout and "articles:" in status.stdout
    listing = drumbeat("sources", "list", config=first_run["config"])
    assert "site-rss" in listing.stdout and "failed" in listing.stdout


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _snapshot(db: Path, site: NewsSite) -> tuple:
    """URL statuses and articles, with the site's random port taken out of the URLs (the
    article ids hash the URL, so they are compared through their canonical URL instead)."""
    host = site.base_url.split("//")[1]
    ids = dict(query(db, "SELECT article_id, canonical_key FROM articles"))

    def plain(value):
        return value.replace(host, "SITE") if isinstance(value, str) else value
    urls = sorted((plain(k), s, plain(ids.get(a))) for k, s, a in query(
        db, "SELECT url_key, status, article_id FROM urls"))
    articles = sorted(tuple(plain(v) for v in row) for row in query(
        db, "SELECT canonical_key, text_hash, title, published, on_topic FROM articles"))
    return urls, articles


def _descendants(pid: int) -> set[int]:
    """Every process started by pid, and by those, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_kill_mid_run_then_rerun_equals_one_clean_run(tmp_path):
    """SIGKILL after the first batches are stored; the rerun finishes the job. The database
    equals one uninterrupted run's: nothing duplicated, nothing lost. The killed run's
    extraction processes (a forkserver and its workers) end on their own."""
    results = {}
    for name in ("killed", "clean"):
        with NewsSite(latency=0.15) as site:
            config = site_config_toml(site, tmp_path / name, fetch="")
            db = tmp_path / name / "data" / "drumbeat.duckdb"
            if name == "killed":
                proc = start_drumbeat("run", config=config)
                # kill once some articles have been fetched but well before the end
                assert _wait_for(lambda: sum(v for k, v in site.hits.items()
                                             if k.startswith("/news/2024")) >= 12, 120)
                pool = _descendants(proc.pid)
                assert pool  # the extraction pool was running
                proc.send_signal(signal.SIGKILL)
                assert _wait_for(lambda pool=pool: not any(map(is_running, pool)), 20), \
                    "the killed run's pool processes are still there"
                proc.wait(30)
                runs = query(db, "SELECT status FROM runs")
                assert runs == [("running",)]
            for _ in range(2 if name == "killed" else 1):
                result = drumbeat("run", config=config)
                assert result.returncode == 0, result.stderr
            results[name] = _snapshot(db, site)
            if name == "killed":
                assert ("interrupted",) in query(db, "SELECT status FROM runs")
    killed_urls, killed_articles = results["killed"]
    clean_urls, clean_articles = results["clean"]
    assert killed_articles == clean_articles
    assert killed_urls == clean_urls


def test_a_second_run_at_once_exits_with_a_clear_message(tmp_path):
    with NewsSite(latency=0.2) as site:
        config = site_config_toml(site, tmp_path)
        db = tmp_path / "data" / "drumbeat.duckdb"
        first = start_drumbeat("run", config=config)
        try:
            assert _wait_for(lambda: site.hits["/rss.xml"] >= 1, 60)
            second = drumbeat("run", config=config, timeout=60)
            assert second.returncode == 3
            assert "another drumbeat run is writing" in second.stderr
            assert "Traceback" not in second.stderr
            # a reader gets in while the run is fetching: writes are short batches
            rows = query(db, "SELECT count(*) FROM urls")
            assert rows[0][0] > 0
        finally:
            first.wait(300)
        assert first.returncode == 0, first.stderr


def test_offline_sources_fail_in_one_line_and_seeds_are_stored(tmp_path):
    """What a user without internet sees: every remote source fails, the run completes."""
    config = tmp_path / "offline.toml"
    config.write_text(f"""
[storage]
database = "{tmp_path / 'db.duckdb'}"
archive_dir = "{tmp_path / 'archive'}"
[topic]
seeds_dir = "{REPO / 'seeds'}"
[fetch]
connect_timeout = 1.0
max_retries = 0
[gdelt]
api_base = "http://drumbeat-offline.invalid/api/v2/doc/doc"
[[sources]]
id = "nowhere-feed"
kind = "feed"
url = "http://drumbeat-offline.invalid/rss.xml"
[[sources]]
id = "nowhere-gdelt"
kind = "gdelt"
query = "anything"
""")
    result = drumbeat("run", "--json", config=config, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["counts"] == {"stored": 2}
    failed = {s["id"]: s for s in summary["sources"] if not s["ok"]}
    assert set(failed) == {"nowhere-feed", "nowhere-gdelt"}
    assert all("\n" not in s["detail"] and s["detail"] for s in failed.values())


def test_database_opens_in_the_stock_duckdb_client(first_run):
    con = duckdb.connect(str(first_run["db"]), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM url_status").fetchone()[0] > 0
    finally:
        con.close()


def test_reextract_rebuilds_fields_from_the_archive_without_the_network(first_run):
    site, db = first_run["site"], first_run["db"]
    before = sorted(query(db, "SELECT article_id, title, text_hash FROM articles"))
    clusters = query(db, "SELECT * FROM claim_clusters ORDER BY cluster_id")
    assert clusters
    with connect(db) as con:
        con.execute("UPDATE articles SET title = 'spoiled', text_hash = 'x', "
                    "published_at = '2001-01-01' WHERE source_id <> 'seeds'")
        rebuild_summaries(con)  # the cluster summaries now carry the spoiled dates
    assert query(db, "SELECT * FROM claim_clusters ORDER BY cluster_id") != clusters
    hits = sum(site.hits.values())
    result = drumbeat("reextract", config=first_run["config"])
    assert result.returncode == 0, result.stderr
    assert "re-extracted" in result.stdout
    assert sum(site.hits.values()) == hits, "re-extraction must not touch the network"
    assert sorted(query(db, "SELECT article_id, title, text_hash FROM articles")) == before
    # the re-extracted dates reach the cluster summaries in the same write
    assert query(db, "SELECT * FROM claim_clusters ORDER BY cluster_id") == clusters
    assert query(db, "SELECT flow, status FROM runs ORDER BY run_id DESC LIMIT 1") == [
        ("reextract", "completed")]
