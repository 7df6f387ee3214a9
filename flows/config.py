"""Configuration: one TOML file with documented defaults, overridable from the environment.

Lookup order for the file: the explicit path, $DRUMBEAT_CONFIG, ./drumbeat.toml; with none of
them the embedded defaults below are used as they are. Any single value can then be
overridden with an environment variable DRUMBEAT_<SECTION>__<KEY> (for example
DRUMBEAT_FETCH__USER_AGENT), and the database path with the shorter DRUMBEAT_DATABASE.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A configuration problem, said in one line."""


@dataclass(slots=True)
class StorageConfig:
    database: str = "data/drumbeat.duckdb"
    archive_dir: str = "data/archive"  # WARC files of every response we kept
    # Articles per write transaction: large enough that commit overhead is small, small enough
    # that a read-only `drumbeat sql` never waits more than a moment for the lock.
    batch_size: int = 100


@dataclass(slots=True)
class TopicConfig:
    name: str = "topic"
    seeds_dir: str = "seeds"
    # Words or phrases that define the topic beside the seed texts; each entry may hold
    # alternatives separated by "|". Used by the relevance score and GDELT queries.
    keywords: list[str] = field(default_factory=list)
    # Keyword groups an article must match to be on topic, whatever its score: the story's
    # anchor (usually its place or main actor), so that general coverage of the same kind
    # (factories elsewhere) stays off topic. Same "|" syntax.
    required_keywords: list[str] = field(default_factory=list)
    # Articles scoring at or above this are on topic. 0.25 keeps articles that share the seeds'
    # core vocabulary (place, programme, employment) while dropping general news from the same
    # outlets; stored either way, so a user can re-cut in SQL.
    relevance_threshold: float = 0.25


@dataclass(slots=True)
class FetchConfig:
    user_agent: str = "drumbeat/0.1 (media research; +https://github.com/drumbeat-news/drumbeat)"
    # Two connections per host is the long-standing politeness convention for crawlers.
    per_host_concurrency: int = 2
    # One second between requests to the same host keeps a single run from looking like load.
    per_host_delay: float = 1.0
    # Across all hosts: enough to keep both cores busy extracting without a storm of sockets.
    global_concurrency: int = 16
    connect_timeout: float = 10.0  # a host that cannot accept in 10 s is down or filtering us
    read_timeout: float = 20.0  # between bytes; news CMSs can be slow on cache misses
    total_timeout: float = 60.0  # whole response, so a trickling server cannot hold a slot
    # Tries after the first for timeouts, 429 and 5xx; three covers a brief outage.
    max_retries: int = 3
    backoff_base: float = 1.0  # seconds; doubled each retry, with full jitter
    max_retry_after: float = 120.0  # never wait longer than this for a Retry-After
    # Cap after decompression; the largest real news pages are a few MB.
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    respect_robots: bool = True
    # Refuse private, loopback and link-local addresses (SSRF guard); tests turn it on.
    allow_private_addresses: bool = False
    # Tries a URL gets across runs when it keeps failing with a retryable status.
    max_attempts_per_url: int = 3


@dataclass(slots=True)
class ExtractConfig:
    # Worker processes for extraction; 0 means one per core.
    workers: int = 0


@dataclass(slots=True)
class GdeltConfig:
    api_base: str = "https://api.gdeltproject.org/api/v2/doc/doc"
    # GDELT asks for no more than one request every 5 seconds.
    min_interval: float = 5.0
    # One call returns at most 250 records, so windows are sliced; a day per call suits a
    # niche topic, a busy one wants fewer hours.
    slice_hours: int = 24
    lookback_days: int = 3  # each scheduled run looks this far back; the hourly runs overlap


@dataclass(slots=True)
class ScheduleConfig:
    # Hourly: news sites publish through the day and feeds hold only the last 20-50 items.
    ingest_cron: str = "0 * * * *"
    # Monday 07:00: the ISO week has just ended, and the digest is there before work starts.
    digest_cron: str = "0 7 * * 1"
    timezone: str = "UTC"  # cron without a time zone is UTC in Prefect; say it explicitly


@dataclass(slots=True)
class SourceConfig:
    id: str
    kind: str  # rss | atom | feed | sitemap | gdelt | urllist
    url: str = ""
    query: str = ""  # gdelt only
    enabled: bool = True
    note: str = ""


SOURCE_KINDS = ("feed", "rss", "atom", "sitemap", "gdelt", "urllist")


@dataclass(slots=True)
class Config:
    storage: StorageConfig = field(default_factory=StorageConfig)
    topic: TopicConfig = field(default_factory=TopicConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    gdelt: GdeltConfig = field(default_factory=GdeltConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    sources: list[SourceConfig] = field(default_factory=list)
    path: str | None = None  # the file it came from, for messages
    base_dir: str = "."  # relative paths in the file are relative to the file's folder

    def resolve(self, relative: str) -> Path:
        p = Path(relative)
        return p if p.is_absolute() else Path(self.base_dir) / p

    @property
    def database_path(self) -> Path:
        return self.resolve(self.storage.database)

    @property
    def archive_path(self) -> Path:
        return self.resolve(self.storage.archive_dir)

    @property
    def seeds_path(self) -> Path:
        return self.resolve(self.topic.seeds_dir)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


_SECTIONS = {"storage": StorageConfig, "topic": TopicConfig, "fetch": FetchConfig,
             "extract": ExtractConfig, "gdelt": GdeltConfig, "schedule": ScheduleConfig}


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if cls is not SourceConfig:  # sections have a default for every key: check types against it
        default = cls()
        for name, value in list(data.items()):
            expected = type(getattr(default, name))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                data = {**data, name: float(value)}
            elif not isinstance(value, expected):
                raise ConfigError(f"{where} {name}: expected {expected.__name__}, got {value!r}")
    return cls(**data)


def _coerce_env(raw: str, current: Any, name: str) -> Any:
    try:
        if isinstance(current, bool):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
        if isinstance(current, list):
            return [part.strip() for part in raw.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(f"{name}: cannot read {raw!r} as {type(current).__name__}") from None
    return raw


def apply_env(config: Config, environ: dict[str, str]) -> None:
    if environ.get("DRUMBEAT_DATABASE"):
        config.storage.database = environ["DRUMBEAT_DATABASE"]
    for name, raw in environ.items():
        if not name.startswith("DRUMBEAT_") or "__" not in name:
            continue
        section, _, key = name[len("DRUMBEAT_"):].lower().partition("__")
        target = getattr(config, section, None) if section in _SECTIONS else None
        if target is None or not hasattr(target, key):
            raise ConfigError(f"{name}: no setting [{section}] {key}")
        setattr(target, key, _coerce_env(raw, getattr(target, key), name))


def parse_config(data: dict[str, Any], where: str = "config") -> Config:
    config = Config()
    for section, cls in _SECTIONS.items():
        if section in data:
            if not isinstance(data[section], dict):
                raise ConfigError(f"{where}: [{section}] must be a table")
            setattr(config, section, _build(cls, data[section], f"{where} [{section}]"))
    sources = []
    for i, raw in enumerate(data.get("sources", [])):
        label = f"{where} [[sources]] #{i + 1}"
        if not isinstance(raw, dict) or "id" not in raw or "kind" not in raw:
            raise ConfigError(f"{label}: needs at least id and kind")
        source = _build(SourceConfig, raw, label)
        if source.kind not in SOURCE_KINDS:
            raise ConfigError(f"{label}: kind must be one of {', '.join(SOURCE_KINDS)}")
        if source.kind == "gdelt" and not source.query:
            raise ConfigError(f"{label}: a gdelt source needs a query")
        if source.kind != "gdelt" and not source.url:
            raise ConfigError(f"{label}: a {source.kind} source needs a url")
        sources.append(source)
    ids = [s.id for s in sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigError(f"{where}: duplicate source id(s) {', '.join(dupes)}")
    config.sources = sources
    unknown = set(data) - set(_SECTIONS) - {"sources"}
    if unknown:
        raise ConfigError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}")
    return config


def find_config_file(explicit: str | os.PathLike | None, environ: dict[str, str]) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    if environ.get("DRUMBEAT_CONFIG"):
        path = Path(environ["DRUMBEAT_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"DRUMBEAT_CONFIG points to a missing file: {path}")
        return path
    local = Path("drumbeat.toml")
    return local if local.is_file() else None


def load_config(path: str | os.PathLike | None = None,
                environ: dict[str, str] | None = None) -> Config:
    environ = dict(os.environ) if environ is None else environ
    found = find_config_file(path, environ)
    if found is None:
        config = Config()
    else:
        try:
            data = tomllib.loads(found.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{found}: {exc}") from None
        config = parse_config(data, str(found))
        config.path = str(found)
        config.base_dir = str(found.resolve().parent)
    apply_env(config, environ)
    return config


def to_dict(obj: Any) -> Any:
    return asdict(obj) if is_dataclass(obj) else obj
