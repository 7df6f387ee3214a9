"""analyze_files and `drumbeat analyze`: text and HTML files (plain, gzip, manifest) to
one analysis record each; bad files are records too."""

import gzip
import json
import subprocess
import sys

from flows.analysis import ANALYZER_VERSION
from flows.analyze_files import analyze_files, article_files, looks_like_html
from tests.conftest import REPO

STORY = """Cotton output in Aksu rose 12 percent to 1.26 million tonnes in 2023, the \
prefecture's agriculture bureau said on Monday.

"The harvest came early this year because the spring was warm," said Zhang Ke, deputy \
director of the Aksu agriculture bureau.

Zhang said farmers had been paid 3.5 billion yuan so far.
"""

PAGE = """<!doctype html>
<html><head><title>Meters arrive in Riverton</title></head>
<body><article><h1>Meters arrive in Riverton</h1>
<p>The city of Riverton installed 4,500 smart water meters in March, about 30 percent of
the homes it serves, the utilities department said.</p>
<p>"Bills will be based on what people actually use," Mayor Rod Peters told reporters on
Tuesday. "Nobody will pay for an estimate again."</p>
<p>The programme cost $2.1 million, according to city records, and the rest of the homes
are to be fitted by the end of 2025.</p>
</article></body></html>
"""


def by_speaker(record: dict) -> dict[str, list[dict]]:
    quotes: dict[str, list[dict]] = {}
    for quote in record["quotes"]:
        quotes.setdefault(quote["speaker"], []).append(quote)
    return quotes


def assert_offsets_hold(record: dict) -> None:
    text = record["text"]
    for item in [*record["sentences"], *record["claims"], *record["quotes"]]:
        assert text[item["start"]:item["end"]] == item["text"]
    for claim in record["claims"]:
        for figure in claim["figures"]:
            assert text[figure["start"]:figure["end"]] == figure["text"]
    for quote in record["quotes"]:
        if quote["speaker_start"] is not None:
            assert text[quote["speaker_start"]:quote["speaker_end"]] == quote["speaker_as_written"]


def test_plain_text_is_analysed_as_it_is(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    (record,) = analyze_files(article_files([story], None), workers=1)
    assert record["ok"] and record["error"] == "" and record["kind"] == "text"
    assert record["analyzer"] == ANALYZER_VERSION and "title" not in record
    assert record["text"] == STORY
    assert [s["index"] for s in record["sentences"]] == [0, 1, 2]
    assert_offsets_hold(record)

    first = record["claims"][0]
    assert first["sentence_index"] == 0 and 0 < first["score"] <= 1
    assert first["features"] and "<year>" in first["template"]
    assert {f["kind"] for f in first["figures"]} >= {"year"}
    money = next(f for c in record["claims"] for f in c["figures"] if f["kind"] == "money")
    assert money["text"] == "3.5 billion yuan" and money["currency"] == "CNY"
    assert money["value"] == 3.5e9

    zhang = by_speaker(record)["Zhang Ke"]
    direct = next(q for q in zhang if q["kind"] == "direct")
    assert direct["speaker_as_written"] == "Zhang Ke" and direct["verb"] == "said"
    assert direct["speaker_key"] == "zhang ke" and direct["speaker_kind"] == "person"
    assert direct["role"] == "deputy director of the Aksu agriculture bureau"
    later = next(q for q in zhang if q["speaker_as_written"] == "Zhang")  # resolved to the full name
    assert later["kind"] == "indirect" and later["organisation"] == "Aksu agriculture bureau"
    json.dumps(record)


def test_html_is_extracted_first_and_gzip_and_sniffing_work(tmp_path):
    page = tmp_path / "meters.html.gz"
    page.write_bytes(gzip.compress(PAGE.encode()))
    unnamed = tmp_path / "meters-saved"  # no suffix: recognised as HTML by its content
    unnamed.write_text(PAGE, encoding="utf-8")
    records = list(analyze_files(article_files([page, unnamed], None), workers=1))
    assert [r["path"] for r in records] == [str(page), str(unnamed)]
    for record in records:
        assert record["ok"] and record["kind"] == "html"
        assert record["title"] == "Meters arrive in Riverton"
        assert record["extractor"].startswith("trafilatura")
        assert "<p>" not in record["text"] and "Riverton installed 4,500" in record["text"]
        assert_offsets_hold(record)
    peters = by_speaker(records[0])["Rod Peters"]
    assert peters[0]["speaker_as_written"] == "Mayor Rod Peters" and peters[0]["verb"] == "told"
    assert peters[1]["speaker_as_written"] is None and peters[1]["verb"] is None  # carried on
    assert records[0]["quotes"] == records[1]["quotes"]


def test_what_looks_like_html():
    assert looks_like_html("a.txt", PAGE.encode()) is False  # .txt is text whatever it holds
    assert looks_like_html("a.htm", b"just words")
    assert looks_like_html("saved", b"\n  <!DOCTYPE html><p>x</p>")
    assert looks_like_html("saved", b"<head><title>x</title></head>")
    assert not looks_like_html("note.md", b"Use <b>bold</b> for 3 < 4 cases.")


def test_manifest_urls_and_bad_files_are_records(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "meters.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "blank.html").write_text(  # a script-rendered app: no main text
        '<html><head><title>App</title></head><body><div id="root"></div>'
        "<script>start()</script></body></html>")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8bnot gzip at all")
    names = ["story.txt", "meters.html", "missing.txt", "empty.txt", "blank.html",
             "image.png", "broken.txt.gz"]
    manifest = tmp_path / "articles.jsonl"
    manifest.write_text("".join(
        json.dumps({"path": name, "url": f"https://news.example/{name}"}) + "\n\n" for name in names))
    alone = list(analyze_files(article_files([], manifest), workers=1))
    pooled = list(analyze_files(article_files([], manifest), workers=2))
    assert alone == pooled
    assert [r["path"] for r in alone] == [str(tmp_path / n) for n in names]
    assert [r["url"] for r in alone] == [f"https://news.example/{n}" for n in names]
    assert [r["ok"] for r in alone] == [True, True, False, False, False, False, False]
    errors = {n: r["error"] for n, r in zip(names, alone, strict=True) if not r["ok"]}
    assert errors["missing.txt"].startswith("cannot read file")
    assert errors["empty.txt"] == "empty text"
    assert errors["blank.html"] == "empty text"  # extraction's own reason
    assert alone[4]["title"] == "App"
    assert errors["image.png"].startswith("binary file")
    assert errors["broken.txt.gz"].startswith("cannot read file")
    assert all("\n" not in e for e in errors.values())
    assert all("sentences" not in r for r in alone if not r["ok"])


def drumbeat(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_cli_prints_one_record_per_file_and_exits_1_on_a_failure(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    page = tmp_path / "meters.html"
    page.write_text(PAGE, encoding="utf-8")
    manifest = tmp_path / "more.jsonl"
    manifest.write_text(json.dumps({"path": "meters.html", "url": "https://news.example/m"}) + "\n")

    good = drumbeat("analyze", str(story), "-m", str(manifest), "--workers", "1")
    assert good.returncode == 0, good.stderr
    records = [json.loads(line) for line in good.stdout.splitlines()]
    assert [(r["path"], r["url"], r["ok"]) for r in records] == [
        (str(story), "", True), (str(page), "https://news.example/m", True)]
    assert "Zhang Ke" in {q["speaker"] for q in records[0]["quotes"]}

    bad = drumbeat("analyze", str(tmp_path / "gone.txt"), str(story), "--workers", "2")
    assert bad.returncode == 1
    gone, kept = (json.loads(line) for line in bad.stdout.splitlines())
    assert not gone["ok"] and gone["error"].startswith("cannot read file")
    assert kept["ok"] and kept["quotes"] == records[0]["quotes"]
    assert "1 of 2 file(s) failed" in bad.stderr

    assert drumbeat("analyze").returncode == 2  # nothing to analyse
