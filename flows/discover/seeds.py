"""Seed articles: the texts that define the topic, with their provenance from seeds.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flows.discover.errors import DiscoveryError
from flows.discover.urllists import absolute_http_url
from flows.records import Discovered, Hints

SEEDS_FILE = "seeds.toml"
_REQUIRED_KEYS = ("file", "url", "outlet", "published")
_OPTIONAL_KEYS = ("title", "language", "notes")


@dataclass(slots=True, frozen=True)
class SeedArticle:
    """One seed file and where it was published. text is the whole file, as written."""

    file: Path
    url: str
    outlet: str
    published: str  # YYYY-MM-DD
    title: str | None
    text: str
    language: str | None = None
    notes: str | None = None  # free provenance, e.g. a photo or wire credit


def load_seeds(seeds_dir: Path) -> list[SeedArticle]:
    """Read seeds_dir/seeds.toml and the text file each [[seed]] entry names.

    Raises DiscoveryError naming seeds.toml, the entry, or the text file at fault.
    """
    manifest = Path(seeds_dir) / SEEDS_FILE
    try:
        with manifest.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise DiscoveryError(f"{manifest}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise DiscoveryError(f"{manifest}: invalid TOML: {error}") from None
    unknown = sorted(set(document) - {"seed"})
    if unknown:
        raise DiscoveryError(f"{manifest}: unknown top-level key(s) {', '.join(unknown)}")
    entries = document.get("seed", [])
    if not isinstance(entries, list):
        raise DiscoveryError(f"{manifest}: seeds are written as [[seed]] tables")
    seeds: list[SeedArticle] = []
    for number, entry in enumerate(entries, start=1):
        seed = _seed_from_entry(manifest, number, entry)
        if any(seed.file == other.file or seed.url == other.url for other in seeds):
            raise DiscoveryError(f"{manifest}: seed #{number} repeats the file or url of another")
        seeds.append(seed)
    return seeds


def _seed_from_entry(manifest: Path, number: int, entry: object) -> SeedArticle:
    where = f"{manifest}: seed #{number}"
    if not isinstance(entry, dict):
        raise DiscoveryError(f"{where} is not a table")
    if isinstance(entry.get("file"), str):
        where += f" ({entry['file']})"
    missing = [key for key in _REQUIRED_KEYS if not _is_given(entry.get(key))]
    if missing:
        raise DiscoveryError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        raise DiscoveryError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in ("file", "url", "outlet", *_OPTIONAL_KEYS):
        if key in entry and not isinstance(entry[key], str):
            raise DiscoveryError(f"{where}: {key} must be a string")
    url = absolute_http_url(entry["url"])
    if url is None:
        raise DiscoveryError(f"{where}: url is not an absolute http(s) URL: {entry['url']}")
    path = _seed_path(manifest.parent, entry["file"], where)
    return SeedArticle(
        file=path,
        url=url,
        outlet=entry["outlet"].strip(),
        published=_published(entry["published"], where),
        title=_optional(entry.get("title")),
        text=_read_text(path),
        language=_optional(entry.get("language")),
        notes=_optional(entry.get("notes")),
    )


def _is_given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _seed_path(seeds_dir: Path, name: str, where: str) -> Path:
    """The text file, which must lie inside the seeds folder (names are relative to it)."""
    path = (seeds_dir / name).resolve()
    if not path.is_relative_to(seeds_dir.resolve()):
        raise DiscoveryError(f"{where}: file must be inside {seeds_dir}")
    if not path.is_file():
        raise DiscoveryError(f"{where}: file not found: {path}")
    return path


def _published(value: object, where: str) -> str:
    """A TOML date (published = 2020-04-08) or the same as a quoted string."""
    if isinstance(value, datetime):  # a datetime is a date too: refuse the extra time
        raise DiscoveryError(f"{where}: published must be a date (YYYY-MM-DD), not a time")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise DiscoveryError(f"{where}: published must be a date (YYYY-MM-DD), got {value!r}")


def _read_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DiscoveryError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise DiscoveryError(f"{path}: empty seed text")
    return text


def seeds_as_discovered(seeds: list[SeedArticle], source_id: str = "seeds") -> list[Discovered]:
    """The seeds as discovered URLs, so they are fetched and stored like any article."""
    return [
        Discovered(
            url=seed.url,
            source_id=source_id,
            hints=Hints(
                title=seed.title,
                published=seed.published,
                language=seed.language,
                outlet=seed.outlet,
            ),
        )
        for seed in seeds
    ]
