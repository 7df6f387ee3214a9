"""Python columns into DuckDB relations without a Python object per value.

DuckDB converts a list parameter one Python object at a time (and tries optional imports
for each: about 50 microseconds a value, a millisecond a row with executemany). Numeric
columns go in as registered numpy arrays, text columns as one joined string each, split
back in SQL and zipped by position.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager

import duckdb
import numpy as np

_names = itertools.count()


def objects(values) -> list:
    """A text column: a list of str or None."""
    return list(values)


# Separate the values of a text column, and stand for None; text holds neither.
_SEPARATOR, _NULL = chr(30), chr(31)


@contextmanager
def rows_relation(con: duckdb.DuckDBPyConnection, columns: dict[str, np.ndarray | list]):
    """(FROM clause, parameters) giving the columns as one relation: numpy columns are
    registered, text columns passed as one joined string each and zipped back by position."""
    numeric = {k: v for k, v in columns.items() if isinstance(v, np.ndarray)}
    texts = {k: v for k, v in columns.items() if not isinstance(v, np.ndarray)}
    params = {}
    unnested = []
    nulled = []
    for i, (name, values) in enumerate(texts.items()):
        params[f"t{i}"] = _SEPARATOR.join(
            _NULL if v is None else str(v).replace(_SEPARATOR, " ").replace(_NULL, " ")
            for v in values)
        unnested.append(f"unnest(string_split($t{i}, chr({ord(_SEPARATOR)}))) AS {name}")
        nulled.append(f"nullif({name}, chr({ord(_NULL)})) AS {name}")
    # nullif over the unnested columns, not around unnest(): in the projection that
    # unnests, it made inserts several times slower
    text_rows = f"(SELECT {', '.join(nulled)} FROM (SELECT {', '.join(unnested)}))"
    registered = f"_rows_{next(_names)}"
    if numeric:
        con.register(registered, numeric)
    order = ", ".join(columns)  # the caller's column order, whatever went which way
    try:
        if texts and numeric:
            yield f"(SELECT {order} FROM {text_rows} POSITIONAL JOIN {registered})", params
        elif texts:
            yield f"(SELECT {order} FROM {text_rows})", params
        else:
            yield f"(SELECT {order} FROM {registered})", params
    finally:
        if numeric:
            con.unregister(registered)


def _length(columns: dict) -> int:
    return len(next(iter(columns.values()))) if columns else 0


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, np.ndarray],
                select: str) -> None:
    """INSERT INTO table SELECT <select> FROM the given columns."""
    if not _length(columns):
        return
    with rows_relation(con, columns) as (source, params):
        con.execute(f"INSERT INTO {table} SELECT {select} FROM {source}", params)


def with_rows(con: duckdb.DuckDBPyConnection, columns: dict[str, np.ndarray], sql: str,
              params: list | None = None) -> list[tuple]:
    """Run sql with the columns as the relation `{rows}`; extra parameters by position
    are passed as $p1, $p2, ..."""
    if not _length(columns):
        return []
    with rows_relation(con, columns) as (source, named):
        extra = {f"p{i + 1}": value for i, value in enumerate(params or [])}
        return con.execute(sql.replace("{rows}", f"(SELECT * FROM {source})"),
                           named | extra).fetchall()
