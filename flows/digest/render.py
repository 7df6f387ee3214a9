"""Markdown, a self-contained HTML page and JSON from one Digest, and writing them out.

Both templates escape everything by default: the HTML one with Jinja's autoescape, the
Markdown one with a finalize step that backslash-escapes every value not already built as
markup (and a join that escapes each item). Only links and charts are built as markup,
from escaped parts.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from flows.digest.charts import compact_number, drift_chart, sparkline, text_sparkline
from flows.digest.records import Digest, WeekNumbers, WeekValue, from_plain, to_plain

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Characters that change meaning somewhere in Markdown (links, emphasis, code, tables, raw
# HTML, entities); CommonMark lets any ASCII punctuation be backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# Text that would open a list or a heading when it starts a line.
_MD_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-=])")
# Kept as they are in a Markdown link destination; everything else is percent-encoded, so
# no parenthesis, bracket, space or angle bracket can end the link early.
_URL_SAFE = "/:?#@!$&'*+,;=%~"


def md_text(value: object) -> str:
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1)
                              else f"\\{m.group(3)}", text)


def web_url(url: str | None) -> str | None:
    """The URL if it is http(s): a javascript: or data: URL from a page never becomes a link."""
    if not url:
        return None
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return None
    return str(url).strip() if parts.scheme in ("http", "https") and parts.netloc else None


def md_link(text: object, url: str | None) -> Markup:
    safe = web_url(url)
    label = md_text(text) or md_text(url or "")
    if not safe:
        return Markup(label)
    return Markup(f"[{label}]({quote(safe, safe=_URL_SAFE)})")


def html_link(text: object, url: str | None) -> Markup:
    safe = web_url(url)
    if not safe:
        return Markup("<span>{}</span>").format(text)
    return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(safe, text)


def day(value: date | datetime | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "undated"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def week_series(numbers: list[WeekNumbers], name: str) -> list[WeekValue]:
    return [WeekValue(w.week, getattr(w, name)) for w in numbers]


def md_join(values: list, separator: str = "") -> Markup:
    return Markup(separator.join(md_text(v) for v in values))


def _finalize_markdown(value: object) -> Markup:
    if value is None:
        return Markup("")
    return value if isinstance(value, Markup) else Markup(md_text(value))


def _environment(markdown: bool) -> Environment:
    # Autoescape is on for both: it makes macros return markup, so the Markdown finalize step
    # escapes each value once, where it is output, and never a macro's finished text.
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True,
                      finalize=_finalize_markdown if markdown else None)
    env.filters.update(day=day, plural=plural, number=compact_number, thousands="{:,}".format)
    if markdown:
        env.filters["join"] = md_join
    env.globals.update(link=md_link if markdown else html_link, sparkline=sparkline,
                       drift_chart=drift_chart, text_sparkline=text_sparkline,
                       week_series=week_series)
    return env


_MARKDOWN = _environment(markdown=True)
_HTML = _environment(markdown=False)


def render_markdown(digest: Digest) -> str:
    text = _MARKDOWN.get_template("digest.md.j2").render(d=digest)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(digest: Digest) -> str:
    return _HTML.get_template("digest.html.j2").render(d=digest)


def render_json(digest: Digest) -> str:
    return json.dumps(to_plain(digest), ensure_ascii=False, indent=2) + "\n"


def load_digest(path: Path) -> Digest:
    """A digest back from its JSON file."""
    return from_plain(Digest, json.loads(Path(path).read_text(encoding="utf-8")))


def write_digest(digest: Digest, folder: Path) -> dict[str, Path]:
    """digest-<week>.md, .html and .json in `folder`; each file appears whole or not at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rendered = {"md": render_markdown(digest), "html": render_html(digest),
                "json": render_json(digest)}
    paths = {}
    for suffix, text in rendered.items():
        path = folder / f"digest-{digest.week}.{suffix}"
        _write_atomically(path, text)
        paths[suffix] = path
    return paths


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a digest is meant to be read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
