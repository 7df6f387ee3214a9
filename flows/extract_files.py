"""Run the pipeline's extraction on saved pages: `drumbeat extract`.

Pages come as files (plain or .gz) or as a JSON-lines manifest, one object a line:
{"path": "...", "url": "..."} plus, optionally, any Hints field ("published",
"first_seen", "title", ...). A relative path in a manifest is read from the manifest's
folder. Each page gives one JSON-able dict: every ExtractedPage field plus its path.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from flows.extract import EXTRACTOR_VERSION, extract_page, warm_up
from flows.pools import process_pool
from flows.records import Hints

HINT_FIELDS = frozenset(f.name for f in dataclasses.fields(Hints))
# Pages handed to a worker at a time: enough to amortise the hand-over, few enough that
# results keep flowing out in order.
PAGES_PER_BATCH = 4


@dataclasses.dataclass(frozen=True, slots=True)
class PageFile:
    path: Path
    url: str = ""
    hints: dict = dataclasses.field(default_factory=dict)


def read_manifest(manifest: Path) -> Iterator[PageFile]:
    base = manifest.parent
    with manifest.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
                path = Path(entry["path"])
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{manifest}:{number}: not a {{\"path\", \"url\"}} object ({error})") from error
            hints = {k: v for k, v in entry.items() if k in HINT_FIELDS}
            yield PageFile(path if path.is_absolute() else base / path, entry.get("url") or "", hints)


def read_page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def extract_one(page: PageFile) -> dict:
    """One page file to one JSON-able record; a file that cannot be read is a record too."""
    try:
        body = read_page_bytes(page.path)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        return {"path": str(page.path), "url": page.url, "ok": False,
                "error": f"cannot read file: {error}", "extractor": EXTRACTOR_VERSION}
    hints = Hints(**page.hints) if page.hints else None
    record = dataclasses.asdict(extract_page(body, page.url, hints))
    return {"path": str(page.path), **record}


def extract_files(paths: list[Path], manifest: Path | None, workers: int) -> Iterator[dict]:
    """Records in input order (files first, then the manifest's lines), extracted by
    `workers` processes (1 or less: in this process)."""
    pages: list[PageFile] = [PageFile(Path(p)) for p in paths]
    if manifest is not None:
        pages.extend(read_manifest(manifest))
    yield from map_pages(extract_one, pages, workers)


def map_pages(work: Callable[[PageFile], dict], pages: list[PageFile],
              workers: int) -> Iterator[dict]:
    """work(page) for every page, in input order, by `workers` processes (1 or less: in
    this process; one page: in this process too, a pool would cost more)."""
    if workers <= 1 or len(pages) <= 1:
        yield from map(work, pages)
        return
    with process_pool(workers, warm_up) as pool:
        yield from pool.map(work, pages, chunksize=PAGES_PER_BATCH)
