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
    # "duckdb": one file, one writer (the default). "ducklake": a DuckLake catalog (Postgres)
    # with Parquet data, for several writers at once (README, "Scaling out").
    backend: str = "duckdb"
    database: str = "data/drumbeat.duckdb"
    # With backend = "ducklake": what follows "ducklake:" in ATTACH, e.g.
    # "postgres:dbname=drumbeat host=db user=drumbeat", and where the Parquet files go
    # (a folder, or s3://... with credentials set up for DuckDB).
    ducklake_catalog: str = ""
    ducklake_data_path: str = "data/lake"
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
    # Articles scoring at or above this are on topic (flows/relevance.py: the mean of story,
    # description and keyword parts). 0.25, with the similarity scale set there, kept 57 of
    # 58 real articles of one story from both sides and none of 70 neighbouring stories;
    # stored either way, so a user can re-cut in SQL (`drumbeat relevance` shows the edge).
    relevance_threshold: float = 0.25
    # The story in a sentence or two of neutral words, covering every side of it (official
    # claims and critical reporting alike): the relevance score compares articles with it
    # by meaning. Empty: the topic's name stands in (unless it is the default "topic").
    description: str = ""

    def story(self) -> str:
        return self.description.strip() or ("" if self.name in ("", "topic") else self.name)


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
class ClusterConfig:
    """Where fetching and extraction run in Prefect runs (`drumbeat run --prefect`,
    `drumbeat serve`); plain `drumbeat run` always runs them in its own process."""
    # "local": one task fetches everything, extraction in this machine's process pool.
    # "dask": the pending URLs are cut into slices by outlet and each slice is a Prefect
    # task on a DaskTaskRunner, so fetching and extraction spread over its workers.
    task_runner: str = "local"
    # Empty: the DaskTaskRunner starts a local cluster; else a running scheduler's address
    # ("tcp://scheduler:8786"), whose workers have drumbeat installed and see the same
    # database (DuckLake, or a DuckDB file on a shared disk) and archive folder.
    dask_address: str = ""
    # Workers of the local cluster; 0 means one per core, each with one thread: a
    # worker's fetching is asynchronous already, and extraction holds the GIL.
    dask_local_workers: int = 0
    # Slices per run: several per worker so that a slow outlet does not leave the other
    # workers idle at the end of a run, few enough that each slice interleaves many hosts.
    slices: int = 16


@dataclass(slots=True)
class DigestConfig:
    # Beside the config file, like the database: one folder a user can open or publish.
    folder: str = "digests"
    # Items per section: ten fit one screen of a mail client and still show the long tail's shape.
    top: int = 10
    # Email is off while smtp_host is empty: nothing is sent unless a user asks for it.
    smtp_host: str = ""
    # 587 is the mail submission port, where STARTTLS and a login are the standard.
    smtp_port: int = 587
    smtp_starttls: bool = True  # never send a password or the digest in clear by default
    smtp_username: str = ""  # empty: no login (a local relay)
    # The NAME of an environment variable holding the password, so no secret sits in the file.
    smtp_password_env: str = ""
    smtp_sender: str = ""
    smtp_recipients: list[str] = field(default_factory=list)
    # Off while webhook_url is empty. The digest JSON is POSTed there.
    webhook_url: str = ""
    # Extra request headers; a value written "env:NAME" is read from that environment variable,
    # so a token stays out of the file.
    webhook_headers: dict[str, str] = field(default_factory=dict)
    # Seconds for each delivery: a mail relay or webhook slower than this is down.
    timeout: float = 30.0


@dataclass(slots=True)
class RecurrenceConfig:
    """Thresholds of the cross-article analysis (flows/recurrence) and its weekly flags."""

    # Articles analysed per write transaction: a batch of 500 takes a few seconds, so a
    # read-only `drumbeat sql` never waits long, and the per-batch SQL joins stay few.
    batch_articles: int = 500
    # Claims: estimated Jaccard of content-word shingles at which a sentence is an edited
    # copy of another. Rewrites that swap a few words or change a figure score 0.5-0.9;
    # two different claims on one topic score under 0.25 (measured on the labelled corpus).
    claim_near_duplicate: float = 0.5
    # A trimmed sentence ("..., Zhang said." cut off, a clause dropped) has a low Jaccard
    # but nearly all of it is in the original; 0.8 leaves room for a changed word or two.
    claim_containment: float = 0.8
    # Containment is trusted only for sentences of at least this many shingles (about five
    # content words and their pairs): a shorter one is "contained" in others by chance.
    claim_containment_min_shingles: int = 8
    # Shared-figure tier: the same distinctive figure ("117,000", not "2019" or "five"), no
    # conflicting names, and this share of the shorter sentence's content words. Half is
    # what independent rewordings of one claim kept in the labelled corpus (0.5-0.55); two
    # different claims sharing a figure and a place share far fewer.
    claim_shared_figure_overlap: float = 0.5
    # ... and at least this many content words in common besides the figure.
    claim_shared_figure_min_words: int = 4
    # LSH rows per band for claims: 3 rows (42 bands of 128 values) find pairs at Jaccard
    # 0.4 with probability 0.94 and at 0.5 with 0.995, while pairs at 0.1 collide 4% of
    # the time; more rows would miss edited sentences, fewer would fetch the whole topic.
    claim_rows_per_band: int = 3
    # At most this many stored candidates per claim mention and way (by band, by figure),
    # and per article for syndication, those sharing the most bands first: a restatement
    # at Jaccard 0.5 shares 5 of 42 bands on average, a topical stranger at 0.15 under 0.2,
    # so the true match ranks high, and the work per mention stays the same however large
    # the history grows.
    max_candidates: int = 12
    # A band hash shared by more stored claims (or articles) than this is a run of the
    # topic's commonest words, not evidence of a restatement: it is left out of the
    # candidate join, which would otherwise pair each new sentence with thousands of
    # stored ones. Real near-duplicates share several bands, most of them rare.
    common_band: int = 200
    # Syndication: estimated Jaccard of 5-word shingles at which two articles are copies
    # whatever their lengths; mirrors and re-headlined copies keep 0.8-1.0.
    copy_jaccard: float = 0.5
    # Share of the shorter article's 5-word shingles found in the longer: a trimmed copy
    # keeps nearly all of its own; a rewrite-desk edit of every sentence kept about half in
    # the labelled corpus; two articles written separately on the same news share under 0.15.
    copy_containment: float = 0.4
    # ... trusted when the shorter article has at least this many shingles (about 40 words):
    # a short brief is contained in a long feature only by chance.
    copy_min_shingles: int = 40
    # LSH rows per band for articles: 2 rows (64 bands) still find a copy trimmed to a fifth
    # of its original (Jaccard 0.2) with probability 0.93.
    copy_rows_per_band: int = 2
    # The semantic step (flows/recurrence/linking.py): sentence embeddings from the
    # wordllama package (installed with drumbeat, weights inside it), candidates by nearest
    # neighbour, each pair verified (flows/recurrence/verify.py), clusters merged along the
    # links. Off leaves the lexical cascade alone: copies, edits and rewordings that keep
    # their words and figures.
    embeddings: bool = True
    # Candidates verified per new claim variant: the stored (and earlier) variants sharing
    # its rarer words, the rarest first, and as many sharing a distinctive figure. A
    # restatement the verification accepts shares rare words or a figure (its score needs
    # them: cosine alone stays under the threshold), so these lose none it would link.
    semantic_neighbours: int = 10
    # A word more stored variants use than this finds no candidates (it still counts in
    # the verification): it would pair each new claim with hundreds of stored ones, and a
    # restatement shares rarer words too. At 100 the analyze stage took 60 ms an article of
    # general news pages against 94 ms at 500, with the same development figures.
    common_word: int = 100
    # A candidate whose embedding is this far from the new claim's is not verified: at
    # cosine 0.4 a pair needs a shared figure and most of its rare words to pass, and on
    # the development corpus 0.3, 0.4 and 0.5 gave the same clusters; 0.4 verifies a sixth
    # fewer pairs of general news pages than 0.3 (about 10 ms an article).
    semantic_floor: float = 0.4
    # Verification score at which a pair states one claim (verify.link_score, 0 to 1). On
    # the labelled development corpus of real coverage, every article analysed in one
    # batch: 0.6 found 0.47 of the same-claim pairs at precision 0.91, 0.62 found 0.45 at
    # 0.97, 0.65 found 0.41 at 0.97.
    claim_link_score: float = 0.62
    # Two clusters that each hold several variants merge only when the cosine of their
    # centroids is at least this: one vague sentence linked to both is not enough to chain
    # two established claims into one. At 0.4 development precision fell to 0.91, at 0.3
    # to 0.83; at 0.7 recall fell from 0.43 to 0.34.
    claim_merge_guard: float = 0.5
    # Flags: a claim seen again after this many weeks without a mention has resurfaced;
    # eight weeks is longer than the follow-ups of one news cycle.
    resurface_after_weeks: int = 8
    # A claim recurs when, by the flagged week, it has appeared in at least this many
    # articles and more than one week: a wire story's copies in one week are syndication,
    # not recurrence.
    recurring_claim_min_articles: int = 3
    # A new claim is flagged when this many separately written stories carry it in its
    # first week (copies of one story count once): one story's sentence is a candidate;
    # two independent ones mean it travels. One would flag every sentence of every story.
    new_claim_min_stories: int = 2
    # A speaker recurs when quoted in the flagged week and in at least this many articles
    # in all (earlier weeks included).
    recurring_speaker_min_articles: int = 2
    # Evidence rows kept per flag: enough to check it, few enough to print in a digest.
    evidence_rows: int = 10
    # DuckDB memory while analysing (its own default is 80% of RAM): 2 GB holds the band
    # joins of a million-sentence history and spills beyond it, so the stage with its
    # Python arrays stays within 4 GB.
    memory_limit: str = "2GB"


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
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    recurrence: RecurrenceConfig = field(default_factory=RecurrenceConfig)
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
    def database(self):
        """Where the store writes: the DuckDB file's path, or a DuckLake catalog."""
        if self.storage.backend == "ducklake":
            from flows.store.db import Lake
            data = self.storage.ducklake_data_path
            return Lake(self.storage.ducklake_catalog,
                        Path(data) if "://" in data else self.resolve(data))
        return self.database_path

    @property
    def archive_path(self) -> Path:
        return self.resolve(self.storage.archive_dir)

    @property
    def seeds_path(self) -> Path:
        return self.resolve(self.topic.seeds_dir)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]


_SECTIONS = {"storage": StorageConfig, "topic": TopicConfig, "fetch": FetchConfig,
             "extract": ExtractConfig, "gdelt": GdeltConfig, "schedule": ScheduleConfig,
             "cluster": ClusterConfig, "digest": DigestConfig, "recurrence": RecurrenceConfig}


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
    check_storage(config.storage, where)
    check_cluster(config.cluster, where)
    check_recurrence(config.recurrence, where)
    unknown = set(data) - set(_SECTIONS) - {"sources"}
    if unknown:
        raise ConfigError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}")
    return config


def check_storage(storage: StorageConfig, where: str) -> None:
    if storage.backend not in ("duckdb", "ducklake"):
        raise ConfigError(f"{where} [storage] backend must be duckdb or ducklake")
    if storage.backend == "ducklake" and not storage.ducklake_catalog:
        raise ConfigError(f"{where} [storage] ducklake_catalog is needed with backend ducklake")


def check_cluster(cluster: ClusterConfig, where: str) -> None:
    if cluster.task_runner not in ("local", "dask"):
        raise ConfigError(f"{where} [cluster] task_runner must be local or dask")
    if cluster.slices < 1 or cluster.dask_local_workers < 0:
        raise ConfigError(f"{where} [cluster] slices must be at least 1 and "
                          "dask_local_workers at least 0")


def check_recurrence(recurrence: RecurrenceConfig, where: str) -> None:
    if not 0.0 < recurrence.claim_link_score < 1.0:
        raise ConfigError(f"{where} [recurrence] claim_link_score must be between 0 and 1 "
                          "(a probability-like score; 1 would link nothing)")
    for name in ("semantic_floor", "claim_merge_guard"):
        if not -1.0 <= getattr(recurrence, name) <= 1.0:
            raise ConfigError(f"{where} [recurrence] {name} is a cosine: between -1 and 1")


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
    check_storage(config.storage, "environment")
    check_cluster(config.cluster, "environment")
    return config


def to_dict(obj: Any) -> Any:
    return asdict(obj) if is_dataclass(obj) else obj
