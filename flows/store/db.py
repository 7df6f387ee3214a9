"""The one place that opens the database.

Two backends behind one seam:
- a DuckDB file (the default): one writer at a time. Writers open the file for one short
  transaction and close it again, so a read-only session (`drumbeat sql`, the stock DuckDB
  CLI) gets in between batches. A run's analysis batches share one connection for at
  most HOLD_SECONDS (see BatchWriter). DuckDB's lock has no queue, so a process that
  finds the file locked says so with a marker file, and writers make way for it.
- DuckLake (catalog in Postgres, data as Parquet in a folder or object storage): several
  writers at once. Every write transaction also bumps one row of `write_token`, so two
  concurrent commits conflict and the later one is retried: commits serialize while
  fetching and extraction run in parallel. Writes are written as inserts that skip
  existing keys (DuckLake has no primary keys), which is why they are safe to retry.
Extensions are loaded from the registry packages duckdb-extension-ducklake and
duckdb-extension-postgres, never downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

SQL_DIR = Path(os.environ.get("DRUMBEAT_SQL_DIR", Path(__file__).resolve().parents[2] / "sql"))
_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")
# A reader or another batch may hold the file for a moment; 30 s is far longer than any
# batch transaction takes, and short enough that a stuck holder is reported quickly.
LOCK_WAIT_SECONDS = 30.0
# A run's batches of analysis keep the file open this long, committing each batch, then
# close it and open it again; a drumbeat process waiting for the file gets it after the
# current batch (see waiting_marker), so this bounds the wait of other programs only.
# Closing the file checkpoints it, and checkpoints merge part-filled row groups by
# rewriting them (see ROW_GROUP_ROWS). Measured with DuckDB's own row group size: held
# 10 s, a backfill's closes took 16 s of a 168 s build at a million claim sentences;
# held 30 s, 7 s of 153 s; held 60 s the build took as long as held 30 s.
HOLD_SECONDS = 30.0
# ... and checkpoint when they close it, not each time the log passes DuckDB's 16 MB:
# thirty seconds of batches write less than this.
HELD_WAL_LIMIT = "1GB"
# A process waiting for the file tries again this often, touching the waiting marker
# (see waiting_marker) each time: a writer making way for it waits about this long.
LOCK_POLL_SECONDS = 0.1
# A marker older than this was left by a process that gave up or died: ten polls.
WAITING_FRESH_SECONDS = 1.0
# DuckLake commit conflicts retried before giving up: each retry waits for one other
# writer's short transaction, so 20 covers many concurrent writers.
MAX_COMMIT_RETRIES = 20
T = TypeVar("T")
# The migration that adds the cluster and speaker summaries, filled from stored rows.
SUMMARIES_MIGRATION = "003_summaries.sql"


class StoreError(Exception):
    """A database problem, said in one line."""


class DatabaseBusy(StoreError):
    """Another process holds the database file."""


@dataclass(frozen=True, slots=True)
class Lake:
    """A DuckLake catalog: `catalog` is what follows "ducklake:" in ATTACH, for example
    "postgres:dbname=drumbeat host=db user=drumbeat"; data_path holds the Parquet files."""

    catalog: str
    data_path: Path

    def __str__(self) -> str:
        return f"ducklake:{self.catalog}"


Database = Path | Lake


def utcnow() -> datetime:
    return datetime.now(UTC)


def is_lake(db: Database) -> bool:
    return isinstance(db, Lake)


def exists(db: Database) -> bool:
    return True if isinstance(db, Lake) else Path(db).exists()


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _is_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "conflict" in text.lower() or "Failed to commit DuckLake transaction" in text


def _extension_file(name: str) -> Path:
    import importlib
    try:
        package = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError:
        raise StoreError(f"the DuckLake backend needs the duckdb-extension-{name} package "
                         "(pip install -e .)") from None
    found = sorted(Path(package.__file__).parent.glob(f"extensions/*/{name}.duckdb_extension"))
    if not found:
        raise StoreError(f"the duckdb-extension-{name} package has no extension file")
    return found[-1]


def _open_lake(lake: Lake, read_only: bool) -> duckdb.DuckDBPyConnection:
    extension_dir = Path(os.environ.get("DRUMBEAT_EXTENSION_DIR",
                                        Path.home() / ".cache" / "drumbeat" / "duckdb"))
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False,
                                 "extension_directory": str(extension_dir)})
    try:
        for name in ("postgres", "ducklake"):
            con.execute(f"INSTALL '{_extension_file(name)}'")  # a local copy, no download
        con.execute("LOAD postgres")
        con.execute("LOAD ducklake")
        lake.data_path.mkdir(parents=True, exist_ok=True)
        options = f"DATA_PATH '{lake.data_path}/'" + (", READ_ONLY" if read_only else "")
        con.execute(f"ATTACH 'ducklake:{lake.catalog}' AS lake ({options})")
        con.execute("USE lake")
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot open {lake}: {str(exc).splitlines()[0]}") from None
    return con


@contextmanager
def connect(db: Database, *, read_only: bool = False,
            wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database, waiting briefly while another process holds the file."""
    if isinstance(db, Lake):
        con = _open_lake(db, read_only)
    else:
        con = _open_file(Path(db), read_only, wait)
    try:
        yield con
    finally:
        con.close()


def waiting_marker(path: Path) -> Path:
    """A file beside the database that a process finding it locked touches at each try,
    so that writers let it in: DuckDB's lock has no queue, and a writer that reopens the
    file as soon as it closed it would win every race against a polling reader."""
    return path.with_name(path.name + ".waiting")


def someone_waiting(path: Path) -> bool:
    try:
        return time.time() - waiting_marker(path).stat().st_mtime < WAITING_FRESH_SECONDS
    except OSError:
        return False


def _make_way(path: Path, wait: float) -> None:
    """Before a writer opens the file: let a waiting process take it first."""
    deadline = time.monotonic() + wait
    while someone_waiting(path) and time.monotonic() < deadline:
        time.sleep(LOCK_POLL_SECONDS / 2)


def _set_waiting(path: Path, waiting: bool) -> None:
    try:
        if waiting:
            waiting_marker(path).touch()
        else:
            waiting_marker(path).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: no marker, the file is still polled for


# Rows per row group in what drumbeat writes: a quarter of DuckDB's 122,880. A connection's
# first append to a table starts a new row group, and checkpoints merge ("vacuum") a
# part-filled group with its neighbours by rewriting them. A backfill's held connection
# (HOLD_SECONDS) appends about 125,000 claim rows before it closes, one full group and a
# small rest at the default size, and the closes spent most of their time rewriting such
# groups: 0.5-2.3 s each at a million claim sentences (cyclically, as groups filled). At
# this size each close leaves several full groups and a rest too small to be worth
# merging across them, and the closes took 0.4-0.6 s. Scans of a million claims were as
# fast, and the file 6% larger. It also bounds what a small scheduled run's checkpoint
# rewrites when it merges part-filled groups: forty runs of 2,000 claims each onto a
# million, the slowest close took 0.37 s against 1.28 s. DuckDB does not store the size
# in the file, so every writing connection attaches with it.
ROW_GROUP_ROWS = 30_720
# The name the writing connections give the attached file (the default catalog).
WRITE_CATALOG = "store"


def _connect_file(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the file: read-only ones open it directly, writing ones attach it
    with drumbeat's row group size (see ROW_GROUP_ROWS) as their default catalog."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    con = duckdb.connect()
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {WRITE_CATALOG} (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        con.execute(f"USE {WRITE_CATALOG}")
    except BaseException:
        con.close()
        raise
    return con


def _open_file(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise StoreError(f"no database at {path}: run `drumbeat init` or `drumbeat run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not read_only:
        _make_way(path, wait)
    deadline = time.monotonic() + wait
    delay = 0.02
    waited = False
    while True:
        try:
            con = _connect_file(path, read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open {path}: {exc}") from None
            if time.monotonic() >= deadline:
                holder = re.search(r"PID (\d+)", str(exc))
                who = f" (process {holder.group(1)})" if holder else ""
                raise DatabaseBusy(
                    f"{path} is in use by another process{who}; waited {wait:.0f} s. "
                    "A run writes in short batches; try again in a moment.") from None
            _set_waiting(path, True)
            waited = True
            time.sleep(delay)
            delay = min(delay * 2, LOCK_POLL_SECONDS)
        else:
            if waited:
                _set_waiting(path, False)
            return con


@contextmanager
def transaction(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction; prefer write() for anything a DuckLake writer may have to retry."""
    with connect(db) as con:
        con.execute("BEGIN")
        try:
            if isinstance(db, Lake):
                con.execute("UPDATE write_token SET version = version + 1")
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def write(db: Database, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run body(con) in one transaction, retried whole when a concurrent DuckLake writer
    committed first. body must only read and write through con."""
    for attempt in range(MAX_COMMIT_RETRIES + 1):
        try:
            with transaction(db) as con:
                return body(con)
        except (duckdb.TransactionException, duckdb.Error) as exc:
            if not (isinstance(db, Lake) and _is_conflict(exc)) or attempt == MAX_COMMIT_RETRIES:
                raise
            time.sleep(random.uniform(0, 0.05 * (attempt + 1)))
    raise AssertionError("unreachable")


class BatchWriter:
    """write() for a run's batches: one transaction per batch, on a DuckDB file
    connection that is kept for at most hold_seconds, closed after a failed batch, and
    closed after a batch when another process is waiting for the file (which then gets
    it before the next batch opens it again).
    DuckLake batches go through write() (a connection each, retried on conflicts)."""

    def __init__(self, db: Database, hold_seconds: float = HOLD_SECONDS) -> None:
        self.db = db
        self.hold_seconds = hold_seconds
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened = 0.0

    def write(self, body: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        if isinstance(self.db, Lake):
            return write(self.db, body)
        if self._con is None:
            self._con = _open_file(Path(self.db), False, LOCK_WAIT_SECONDS)
            self._con.execute(f"SET checkpoint_threshold = '{HELD_WAL_LIMIT}'")
            self._opened = time.monotonic()
        con = self._con
        try:
            con.execute("BEGIN")
            result = body(con)
            con.execute("COMMIT")
        except BaseException:
            self._abandon(con)
            raise
        if time.monotonic() - self._opened >= self.hold_seconds or \
                someone_waiting(Path(self.db)):
            self.close()
        return result

    def _abandon(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = None
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # no transaction left to roll back (it failed in BEGIN or COMMIT)
        finally:
            con.close()

    def close(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            con.close()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def migration_files(sql_dir: Path = SQL_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted((sql_dir / "migrations").glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(f"migration file name must look like 001_name.sql: {path.name}")
        found.append((int(match.group(1)), path))
    versions = [v for v, _ in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number in {sql_dir / 'migrations'}")
    return found


def for_ducklake(sql: str) -> str:
    """DuckLake has no primary keys, unique constraints or indexes: the same schema without
    them (the store's writes skip existing keys themselves)."""
    sql = re.sub(r"(?ims)^\s*CREATE\s+(UNIQUE\s+)?INDEX[^;]*;", "", sql)
    sql = re.sub(r"(?i),\s*PRIMARY KEY\s*\([^)]*\)", "", sql)
    sql = re.sub(r"(?i),\s*UNIQUE\s*\([^)]*\)", "", sql)
    return re.sub(r"(?i)\s+(PRIMARY KEY|UNIQUE)\b", "", sql)


def _views_digest(view_files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in view_files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def migrate(db: Database, sql_dir: Path = SQL_DIR, *, force_views: bool = False) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; recreate the views
    when a migration was applied, their files changed, or force_views (`drumbeat init`).
    A database already current costs one short read."""
    applied_now = []
    lake = isinstance(db, Lake)
    view_files = sorted((sql_dir / "views").glob("*.sql"))
    views_digest = _views_digest(view_files)
    with connect(db) as con:
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, "
                    "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
        con.execute("CREATE TABLE IF NOT EXISTS schema_views (digest TEXT NOT NULL)")
        if lake:
            con.execute("CREATE TABLE IF NOT EXISTS write_token (version BIGINT NOT NULL)")
            if con.execute("SELECT count(*) FROM write_token").fetchone()[0] == 0:
                con.execute("INSERT INTO write_token VALUES (0)")
        done_before = {v for (v,) in con.execute(
            "SELECT version FROM schema_migrations").fetchall()}
        views_current = con.execute("SELECT count(*) FROM schema_views WHERE digest = ?",
                                    [views_digest]).fetchone()[0] > 0
    for version, file in migration_files(sql_dir):
        if version in done_before:
            continue
        sql = file.read_text(encoding="utf-8")

        def apply(con, version=version, file=file, sql=sql) -> bool:
            # checked again inside the transaction: another writer may have applied it
            done = con.execute("SELECT count(*) FROM schema_migrations WHERE version = ?",
                               [version]).fetchone()[0]
            if done:
                return False
            con.execute(for_ducklake(sql) if lake else sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [version, file.name, utcnow()])
            return True
        try:
            if write(db, apply):
                applied_now.append(file.name)
        except duckdb.Error as exc:
            raise StoreError(f"migration {file.name} failed: {str(exc).splitlines()[0]}") \
                from None
    if force_views or applied_now or not views_current:
        for view_file in view_files:
            try:
                write(db, lambda con, f=view_file: con.execute(f.read_text(encoding="utf-8")))
            except duckdb.Error as exc:
                raise StoreError(f"view file {view_file.name} failed: {exc}") from None

        def record(con) -> None:
            con.execute("DELETE FROM schema_views")
            con.execute("INSERT INTO schema_views VALUES (?)", [views_digest])
        write(db, record)
    if SUMMARIES_MIGRATION in applied_now:  # a database analysed before summaries existed
        from flows.store.summaries import rebuild_summaries
        write(db, rebuild_summaries)
    return applied_now


def as_json(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
