"""The one place that talks to the database.

Only the functions here write. Writers open the file for one short transaction and close it
again, so a read-only session (`drumbeat sql`, the stock DuckDB CLI) can get in between
batches. Moving to DuckLake or another catalog means changing this module only.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SQL_DIR = Path(os.environ.get("DRUMBEAT_SQL_DIR", Path(__file__).resolve().parents[2] / "sql"))
_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")
# A reader or another batch may hold the file for a moment; 30 s is far longer than any
# batch transaction takes, and short enough that a stuck holder is reported quickly.
LOCK_WAIT_SECONDS = 30.0


class StoreError(Exception):
    """A database problem, said in one line."""


class DatabaseBusy(StoreError):
    """Another process holds the database file."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


@contextmanager
def connect(path: Path, *, read_only: bool = False,
            wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database, waiting briefly while another process holds it."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"no database at {path}: run `drumbeat init` or `drumbeat run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"cannot open {path}: {exc}") from None
            if time.monotonic() >= deadline:
                holder = re.search(r"PID (\d+)", str(exc))
                who = f" (process {holder.group(1)})" if holder else ""
                raise DatabaseBusy(
                    f"{path} is in use by another process{who}; waited {wait:.0f} s. "
                    "A run writes in short batches; try again in a moment.") from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(path) as con:
        con.execute("BEGIN")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


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


def migrate(path: Path, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; recreate the views."""
    applied_now = []
    with connect(path) as con:
        con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)""")
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, file in migration_files(sql_dir):
            if version in done:
                continue
            con.execute("BEGIN")
            try:
                con.execute(file.read_text(encoding="utf-8"))
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                            [version, file.name, utcnow()])
            except duckdb.Error as exc:
                con.execute("ROLLBACK")
                raise StoreError(f"migration {file.name} failed: {exc}") from None
            con.execute("COMMIT")
            applied_now.append(file.name)
        for view_file in sorted((sql_dir / "views").glob("*.sql")):
            try:
                con.execute(view_file.read_text(encoding="utf-8"))
            except duckdb.Error as exc:
                raise StoreError(f"view file {view_file.name} failed: {exc}") from None
    return applied_now


def as_json(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
