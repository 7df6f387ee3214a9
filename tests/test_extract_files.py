"""extract_files: saved pages (plain, gzip, manifest) to one JSON record each."""

import gzip
import json
import shutil
from pathlib import Path

from flows.extract_files import extract_files

PAGES = Path(__file__).parent / "fixtures" / "pages"


def test_plain_and_gzip_files_in_order(tmp_path):
    plain = tmp_path / "graph.html"
    shutil.copy(PAGES / "graph_newsarticle.html", plain)
    packed = tmp_path / "wire.html.gz"
    packed.write_bytes(gzip.compress((PAGES / "wire_byline.html").read_bytes()))
    records = list(extract_files([plain, packed], None, workers=1))
    assert [r["path"] for r in records] == [str(plain), str(packed)]
    assert records[0]["title"] == "Cotton harvest starts early in Aksu"
    assert records[1]["origin_credit"] == "Xinhua"
    json.dumps(records)  # every record is JSON as it is


def test_manifest_paths_urls_and_hints(tmp_path):
    shutil.copy(PAGES / "updated_only.html", tmp_path / "meters.html")
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        json.dumps({"path": "meters.html", "url": "https://utility.example/2024/03/01/meters",
                    "published": "2024-03-01"}) + "\n\n"
        + json.dumps({"path": "missing.html", "url": "https://utility.example/b"}) + "\n")
    first, missing = extract_files([], manifest, workers=2)
    assert first["url"] == "https://utility.example/2024/03/01/meters"
    assert first["published"].startswith("2024-03-01")  # feed date and URL path agree
    assert first["signals"]["published"]
    assert not missing["ok"] and missing["error"].startswith("cannot read file")


def test_process_pool_gives_the_same_records_as_one_process():
    paths = sorted(PAGES.glob("*.html"))
    alone = list(extract_files(paths, None, workers=1))
    pooled = list(extract_files(paths, None, workers=2))
    assert [r["title"] for r in alone] == [r["title"] for r in pooled]
    assert [r["ok"] for r in pooled].count(False) == 1  # the empty page
