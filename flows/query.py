"""Read-only SQL over the database: `drumbeat sql`, named queries, exports.

The database is opened read-only and every statement is checked before it runs: only
SELECT-like statements (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, PRAGMA reads) are allowed, so
an INSERT, UPDATE, DROP, ATTACH, COPY or SET is refused with a message instead of an error
from deep inside DuckDB. A read-only session can run while an ingest run is in progress,
because runs only hold the file for short batches (the connection waits for one to end).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from flows.store import SQL_DIR, StoreError, connect

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
FORMATS = ("table", "csv", "json", "parquet")
# Tables exported by `drumbeat export`, in dependency order.
EXPORT_TABLES = ("runs", "sources", "source_checks", "urls", "url_sources", "url_events",
                 "fetches", "articles")


class QueryRefused(StoreError):
    """A statement that would change something, said in one line."""


@dataclass(slots=True)
class NamedQuery:
    name: str
    path: Path
    description: str
    params: list[str]
    sql: str


@dataclass(slots=True)
class Result:
    columns: list[str]
    rows: list[tuple]


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise StoreError(f"SQL error: {str(exc).splitlines()[0]}") from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    for statement in statements:
        if statement.type not in ALLOWED:
            kind = statement.type.name.replace("_", " ")
            raise QueryRefused(
                f"refused: {kind} statements change the database or the session; "
                "`drumbeat sql` is read-only (use --format parquet to write a file)")


def run_query(db: Path, sql: str, params: dict | None = None) -> Result:
    with connect(db, read_only=True) as con:
        check_read_only(con, sql)
        try:
            cursor = con.execute(sql, params or None)
            rows = cursor.fetchall()
            columns = [d[0] for d in cursor.description or []]
        except duckdb.Error as exc:
            raise StoreError(f"SQL error: {str(exc).splitlines()[0]}") from None
    return Result(columns, rows)


def write_parquet(db: Path, sql: str, target: Path, params: dict | None = None) -> int:
    with connect(db, read_only=True) as con:
        check_read_only(con, sql)
        body = sql.strip().rstrip(";")
        try:
            count = con.execute(f"SELECT count(*) FROM ({body})", params or None).fetchone()[0]
            con.execute(f"COPY ({body}) TO '{_quote_path(target)}' (FORMAT parquet)",
                        params or None)
        except duckdb.Error as exc:
            raise StoreError(f"SQL error: {str(exc).splitlines()[0]}") from None
    return int(count)


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def export_tables(db: Path, folder: Path) -> dict[str, int]:
    """Each main table (and any analysis table present) as folder/<table>.parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    with connect(db, read_only=True) as con:
        present = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
        for table in [t for t in EXPORT_TABLES if t in present] + sorted(
                present - set(EXPORT_TABLES) - {"schema_migrations"}):
            target = folder / f"{table}.parquet"
            con.execute(f'COPY "{table}" TO \'{_quote_path(target)}\' (FORMAT parquet)')
            counts[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return counts


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def load_named(path: Path) -> NamedQuery:
    sql = path.read_text(encoding="utf-8")
    description = " ".join(line[2:].strip() for line in sql.splitlines()
                           if line.startswith("--") and not line.startswith("---"))
    params = sorted(set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql))))
    return NamedQuery(path.stem, path, description, params, sql)


def named_queries(sql_dir: Path = SQL_DIR) -> dict[str, NamedQuery]:
    return {p.stem: load_named(p) for p in sorted((sql_dir / "queries").glob("*.sql"))}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def as_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict)
                         else _plain(v) for v in row])
    return buffer.getvalue()


def as_json(result: Result) -> str:
    return json.dumps([{c: _plain(v) for c, v in zip(result.columns, row, strict=True)}
                       for row in result.rows], ensure_ascii=False, indent=1, default=str)
