"""Run the per-article analysis on saved files: `drumbeat analyze`.

Files come as for `drumbeat extract` (flows/extract_files.py): paths (plain or .gz) or a
JSON-lines manifest of {"path": "...", "url": "..."} (plus, optionally, Hints fields for
extraction), a relative path read from the manifest's folder. An HTML file goes through
the pipeline's extraction first, exactly as `drumbeat extract` runs it, and its main
text is analysed; a .txt file, or any file that does not look like HTML, is analysed as
it is (decoded, line ends made "\\n").

Each file gives one JSON-able dict: path, url, ok, error, the text analysed and what
flows.analysis.analyze_article found in it: sentences, claim candidates with their
figures, quotes with their speakers. Every offset is a character offset into that text.
A file that cannot be read, is binary or has no text is a record with ok False and a
one-line error; it never stops the others.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from flows.analysis import ANALYZER_VERSION, analyze_article, speaker_key
from flows.analysis.records import ArticleAnalysis, ClaimCandidate, Quote, Sentence
from flows.extract import EXTRACTOR_VERSION, extract_page
from flows.extract_files import PageFile, map_pages, read_manifest, read_page_bytes
from flows.metadata.decode import decode_body
from flows.records import Hints

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
# How much of a file is looked at to tell HTML from text, and binary from either.
SNIFF_BYTES = 4096
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|article|title|meta)\b[^>]*>", re.IGNORECASE)
# Control characters no text file holds (tab, line ends, form feed and escape apart):
# a file with them is binary.
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleText:
    """A file's text ready for analysis, or why there is none."""

    kind: str  # "html" (extracted first), "text", or "binary" (not analysed)
    text: str = ""
    title: str | None = None
    error: str = ""  # one line; set: nothing to analyse


def content_name(path: Path) -> str:
    """The name that tells what a file holds: "story.html.gz" -> "story.html"."""
    return path.stem if path.suffix == ".gz" else path.name


def looks_like_html(name: str, body: bytes) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return False
    if suffix in HTML_SUFFIXES:
        return True
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    return _HTML_START.match(head) is not None or len(_HTML_TAGS.findall(head)) >= 2


def is_binary(body: bytes) -> bool:
    head = body[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs, and a BOM
        return False
    return _BINARY.search(head) is not None


def article_text(page: PageFile, body: bytes) -> ArticleText:
    """The text to analyse: extracted from HTML, decoded from anything else."""
    if is_binary(body):
        return ArticleText("binary", error="binary file, not text or HTML")
    if looks_like_html(content_name(page.path), body):
        hints = Hints(**page.hints) if page.hints else None
        extracted = extract_page(body, page.url, hints)
        if not extracted.ok:
            return ArticleText("html", title=extracted.title, error=extracted.error or "no text")
        return ArticleText("html", extracted.text, extracted.title)
    text = decode_body(body).text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ArticleText("text", error="empty text")
    return ArticleText("text", text)


def sentence_record(sentence: Sentence) -> dict:
    return dataclasses.asdict(sentence)


def claim_record(claim: ClaimCandidate) -> dict:
    return dataclasses.asdict(claim)  # figures included, each with its offsets and role


def quote_record(quote: Quote) -> dict:
    """The quote with its speaker as written and as resolved, and the reason for the
    attribution. speaker_key is the stored one when the batch's speakers were matched,
    else speaker_key(speaker), as the pipeline keys it."""
    return {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "speaker_as_written": quote.speaker_as_written,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "speaker": quote.speaker,
        "speaker_key": quote.speaker_key or (speaker_key(quote.speaker) if quote.speaker else None),
        "role": quote.role,
        "organisation": quote.organisation,
        "speaker_kind": quote.speaker_kind,
        "verb": quote.verb,
        "sentence_index": quote.sentence_index,
        "reason": quote.reason,
    }


def analysis_record(analysis: ArticleAnalysis) -> dict:
    return {
        "sentences": [sentence_record(s) for s in analysis.sentences],
        "claims": [claim_record(c) for c in analysis.claims],
        "quotes": [quote_record(q) for q in analysis.quotes],
    }


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]


def analyze_one(page: PageFile) -> dict:
    """One file to one JSON-able record; a file that cannot be read or analysed is a
    record too."""
    head = {"path": str(page.path), "url": page.url}
    try:
        body = read_page_bytes(page.path)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        return {**head, "ok": False, "error": f"cannot read file: {error}",
                "analyzer": ANALYZER_VERSION}
    article = article_text(page, body)
    meta = {"kind": article.kind, "analyzer": ANALYZER_VERSION}
    if article.kind == "html":
        meta |= {"extractor": EXTRACTOR_VERSION, "title": article.title}
    if article.error:
        return {**head, "ok": False, "error": article.error, **meta}
    try:
        analysis = analyze_article(article.text)
    except Exception as error:  # one article must never stop a batch
        return {**head, "ok": False, "error": f"analysis failed: {_one_line(error)}", **meta}
    return {**head, "ok": True, "error": "", **meta, "text": article.text,
            **analysis_record(analysis)}


def article_files(paths: list[Path], manifest: Path | None) -> list[PageFile]:
    """Files first, then the manifest's lines. A malformed manifest line raises
    ValueError; a missing file does not (its record says so)."""
    pages = [PageFile(Path(p)) for p in paths]
    if manifest is not None:
        pages.extend(read_manifest(manifest))
    return pages


def analyze_files(pages: list[PageFile], workers: int) -> Iterator[dict]:
    """Records in input order, analysed by `workers` processes (1 or less: in this
    process)."""
    yield from map_pages(analyze_one, pages, workers)
