"""`drumbeat sql` and `drumbeat export`: read-only, named queries, output formats."""

import json
import os
import subprocess
import sys

import duckdb
import pytest

from flows.query import QueryRefused, export_tables, named_queries, run_query, write_parquet
from flows.store import migrate, transaction
from tests.conftest import REPO


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "q.duckdb"
    migrate(path)
    with transaction(path) as con:
        con.execute("INSERT INTO runs (run_id, flow, started_at, status) "
                    "VALUES (1, 'ingest', now(), 'completed')")
        con.execute("INSERT INTO urls (url_key, url, normalizer_version, first_source_id, "
                    "first_run_id, first_seen_at, status, status_detail) VALUES "
                    "('https://a.cn/1.html', 'http://a.cn/1.html', 1, 'feed', 1, now(), "
                    "'http-404', 'HTTP 404'), "
                    "('https://a.cn/2.html', 'http://a.cn/2.html', 1, 'feed', 1, now(), "
                    "'stored', NULL)")
    return path


def sql_cli(db, *args):
    env = {**os.environ, "DRUMBEAT_DATABASE": str(db)}
    return subprocess.run([sys.executable, "-m", "flows.cli", "sql", *args], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("statement", [
    "INSERT INTO runs VALUES (2, 'x', now(), NULL, 'x', NULL, NULL, NULL, NULL)",
    "UPDATE urls SET status = 'x'", "DROP TABLE urls", "ATTACH 'other.duckdb' AS o",
    "COPY urls TO 'x.csv'", "SET threads = 1", "SELECT 1; DELETE FROM urls",
    "CREATE TEMP TABLE t AS SELECT 1"])
def test_writes_are_refused_before_they_run(db, statement):
    with pytest.raises(QueryRefused, match="read-only"):
        run_query(db, statement)
    assert run_query(db, "SELECT count(*) FROM urls").rows == [(2,)]


def test_cli_refusal_is_one_clear_line_and_nonzero(db):
    result = sql_cli(db, "DROP TABLE urls")
    assert result.returncode == 1
    assert "refused: DROP" in result.stderr and "Traceback" not in result.stderr


def test_named_query_with_parameter_as_json(db):
    assert "why_not_stored" in named_queries()
    assert named_queries()["why_not_stored"].params == ["pattern"]
    result = sql_cli(db, "-q", "why_not_stored", "-p", "pattern=1.html", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["url"], r["status"]) for r in rows] == [("http://a.cn/1.html", "http-404")]


def test_every_named_query_runs_on_an_empty_database(tmp_path):
    path = tmp_path / "empty.duckdb"
    migrate(path)
    for query in named_queries().values():
        params = {name: "x" for name in query.params}
        run_query(path, query.sql, params)  # raises on any error


def test_csv_and_file_output(db, tmp_path):
    sql_file = tmp_path / "q.sql"
    sql_file.write_text("SELECT status, count(*) AS n FROM urls GROUP BY 1 ORDER BY 1")
    out = tmp_path / "out.csv"
    result = sql_cli(db, "-f", str(sql_file), "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().splitlines() == ["status,n", "http-404,1", "stored,1"]


def test_parquet_and_export_read_back_in_plain_duckdb(db, tmp_path):
    target = tmp_path / "urls.parquet"
    assert write_parquet(db, "SELECT * FROM urls", target) == 2
    counts = export_tables(db, tmp_path / "export")
    assert counts["urls"] == 2 and counts["runs"] == 1
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{target}'").fetchone() == (2,)
    assert con.execute(f"SELECT count(*) FROM '{tmp_path / 'export' / 'urls.parquet'}'"
                       ).fetchone() == (2,)
