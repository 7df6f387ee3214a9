"""The store: migrations, batched writes, duplicates, locks, and the WARC archive."""

import json
import multiprocessing
import os
import time
from contextlib import contextmanager

import duckdb
import pytest

from flows.archive import append_records, read_record
from flows.lock import RunInProgress, run_lock
from flows.process import WorkItem, build_outcome
from flows.records import (
    Discovered,
    ExtractedPage,
    FetchResult,
    Hints,
    Outcome,
    SourceReport,
    Status,
)
from flows.relevance import build_profile
from flows.store import DatabaseBusy, connect, migrate, transaction
from flows.store.db import ROW_GROUP_ROWS, WAITING_FRESH_SECONDS, BatchWriter, waiting_marker
from flows.store.ingest import (
    begin_run,
    finish_run,
    record_discoveries,
    store_outcomes,
    urls_to_process,
)
from flows.urls import url_key

PROFILE = build_profile(["workers trained in the industrial park of Kashgar"], ["kashgar"])


def _fetched(url: str, body: bytes = b"<html>x</html>") -> FetchResult:
    return FetchResult(url_key=url_key(url), requested_url=url, final_url=url,
                       status=Status.FETCHED, http_status=200, body=body,
                       content_type="text/html", fetched_at="2026-11-20T10:00:00+00:00",
                       response_headers=[("Content-Type", "text/html")])


def _page(url: str, text: str, canonical: str | None = None,
          published: str = "2026-11-19") -> ExtractedPage:
    return ExtractedPage(url=url, ok=True, text=text, title="A title", canonical_url=canonical,
                         published=published, extractor="test")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)
    return path


def _discover(db, run_id, urls, source="s"):
    return record_discoveries(db, run_id, [SourceReport(source, "feed", ok=True)],
                              [Discovered(u, source, Hints(title="t")) for u in urls],
                              {source: "http://feed"})


def test_migrations_apply_once_and_are_recorded(tmp_path):
    path = tmp_path / "m.duckdb"
    first = migrate(path)
    assert first and first[0].startswith("001_")
    assert migrate(path) == []
    with connect(path, read_only=True) as con:
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations"
                                               ).fetchall()]
        views = {r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert versions == sorted(versions) and versions[0] == 1
    assert {"url_status", "run_status_counts", "weekly_volume"} <= views


def test_discoveries_are_keyed_and_never_duplicated(db):
    run = begin_run(db, "ingest", "x")
    new = _discover(db, run, ["https://ex.com/a.html?utm_source=rss", "https://ex.com/a.html",
                              "https://www.ex.com/a.html#top", "https://ex.com/b.html"])
    assert new == {"s": 2}
    assert _discover(db, run, ["https://ex.com/a.html"], source="other") == {}
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM urls").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM url_sources").fetchone()[0] == 3
    assert len(urls_to_process(db, 3)) == 2


def test_store_outcomes_decides_duplicates_and_archives(db, tmp_path):
    run = begin_run(db, "ingest", "x")
    urls = ["https://ex.com/a.html", "https://ex.com/a-print.html", "https://ex.com/c.html",
            "https://other.org/c-copy.html"]
    _discover(db, run, urls)
    text = "Kashgar workers were trained in the industrial park. " * 5
    items = [WorkItem(url_key(u), u, "s", Hints()) for u in urls]
    outcomes = [
        build_outcome(items[0], _fetched(urls[0]), _page(urls[0], text), PROFILE, 0.1),
        # the print copy declares the main page canonical: same article
        build_outcome(items[1], _fetched(urls[1]), _page(urls[1], text, urls[0]), PROFILE, 0.1),
        # same text on the same outlet under another URL: duplicate
        build_outcome(items[2], _fetched(urls[2]), _page(urls[2], text.upper()), PROFILE, 0.1),
        # same text on another outlet: a syndicated copy, stored
        build_outcome(items[3], _fetched(urls[3]), _page(urls[3], text), PROFILE, 0.1),
    ]
    counts = store_outcomes(db, tmp_path / "archive", "t.warc.gz", run, outcomes)
    assert counts == {Status.STORED: 2, Status.DUPLICATE: 2}
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT outlet, count(*) FROM articles GROUP BY 1 ORDER BY 1"
                           ).fetchall()
        assert rows == [("ex.com", 1), ("other.org", 1)]
        dup = con.execute("SELECT u.article_id = a.article_id FROM urls u, articles a "
                          "WHERE u.url_key = ? AND a.canonical_key = ?",
                          [url_key(urls[1]), url_key(urls[0])]).fetchone()
        assert dup == (True,)
        warc_file, offset = con.execute(
            "SELECT warc_file, warc_offset FROM fetches WHERE url_key = ?",
            [url_key(urls[3])]).fetchone()
    body, headers = read_record(tmp_path / "archive", warc_file, offset)
    assert body == b"<html>x</html>"
    assert headers["Content-Type"] == "text/html"
    assert urls_to_process(db, 3) == []


def test_published_dates_of_each_precision_are_stored_as_timestamps(db, tmp_path):
    run = begin_run(db, "ingest", "x")
    published = {"https://ex.com/report": "2003-11", "https://ex.com/day": "2025-07-04",
                 "https://ex.com/moment": "2025-07-04T20:04:00-04:00"}
    _discover(db, run, list(published))
    outcomes = [build_outcome(WorkItem(url_key(u), u, "s", Hints()), _fetched(u),
                              _page(u, f"Kashgar workers were trained, report {n}. " * 5, published=p),
                              PROFILE, 0.1)
                for n, (u, p) in enumerate(published.items())]
    assert store_outcomes(db, tmp_path / "archive", "t.warc.gz", run, outcomes) == {Status.STORED: 3}
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT published, strftime(published_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') "
                           "FROM articles ORDER BY published_at").fetchall()
    # a month counts from its first day; the text keeps the precision the page gave
    assert rows == [("2003-11", "2003-11-01 00:00"), ("2025-07-04", "2025-07-04 00:00"),
                    ("2025-07-04T20:04:00-04:00", "2025-07-05 00:04")]


def test_retryable_statuses_come_back_until_attempts_run_out(db, tmp_path):
    run = begin_run(db, "ingest", "x")
    _discover(db, run, ["https://ex.com/slow.html", "https://ex.com/gone.html"])
    outcomes = [Outcome(url_key("https://ex.com/slow.html"), Status.TIMEOUT, "timed out"),
                Outcome(url_key("https://ex.com/gone.html"), "http-404", "HTTP 404")]
    store_outcomes(db, tmp_path, "t.warc.gz", run, outcomes)
    assert [r[0] for r in urls_to_process(db, 3)] == [url_key("https://ex.com/slow.html")]
    for _ in range(2):
        store_outcomes(db, tmp_path, "t.warc.gz", run, outcomes[:1])
    assert urls_to_process(db, 3) == []


def test_a_crashed_run_is_marked_interrupted_by_the_next(db):
    first = begin_run(db, "ingest", "x")
    second = begin_run(db, "ingest", "x")
    assert second == first + 1
    counts = finish_run(db, second, "completed")
    with connect(db, read_only=True) as con:
        states = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        stored_counts = con.execute("SELECT counts FROM runs WHERE run_id = ?",
                                    [second]).fetchone()[0]
    assert states == {first: "interrupted", second: "completed"}
    assert json.loads(stored_counts) == counts


def _hold_lock(path, ready, release):
    with run_lock(path, "ingest"):
        ready.set()
        release.wait(10)


@contextmanager
def _running(target, path):
    """target(path, ready, stop) in another process until the block ends."""
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Event(), ctx.Event()
    process = ctx.Process(target=target, args=(path, ready, stop))
    process.start()
    try:
        assert ready.wait(30)
        yield process
    finally:
        stop.set()
        process.join(30)


def test_a_second_run_gets_a_clear_message(tmp_path):
    path = tmp_path / "d.duckdb"
    with _running(_hold_lock, path) as holder:
        with pytest.raises(RunInProgress, match=rf"pid {holder.pid}"):
            with run_lock(path, "ingest"):
                pass
    with run_lock(path, "ingest"):  # released when the holder ended
        pass


def _hold_database(path, ready, release):
    con = duckdb.connect(str(path))
    ready.set()
    release.wait(20)
    con.close()


def test_database_held_by_another_process_is_reported_not_a_stack_trace(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)
    with _running(_hold_database, path):
        started = time.monotonic()
        with pytest.raises(DatabaseBusy, match="in use by another process"):
            with connect(path, read_only=True, wait=0.5):
                pass
        assert time.monotonic() - started < 5


def test_warc_records_read_back_by_offset(tmp_path):
    fetches = [_fetched(f"https://ex.com/{i}.html", f"<p>page {i} é</p>".encode()) for i in
               range(3)]
    first = append_records(tmp_path, "a/b.warc.gz", fetches[:2])
    second = append_records(tmp_path, "a/b.warc.gz", fetches[2:])
    for rec, fetch in zip(first + second, fetches, strict=True):
        assert read_record(tmp_path, rec.warc_file, rec.offset)[0] == fetch.body


def test_the_original_is_kept_whichever_copy_arrives_first(db, tmp_path):
    """Two URLs on one outlet with one text: the earlier published is the article, even when
    its copy was stored in an earlier batch."""
    run = begin_run(db, "ingest", "x")
    copy_url, original_url = "https://ex.com/republished.html", "https://ex.com/original.html"
    _discover(db, run, [copy_url, original_url])
    text = "Kashgar workers were trained in the industrial park. " * 5

    def outcome(url, published):
        page = _page(url, text)
        page.published = published
        return build_outcome(WorkItem(url_key(url), url, "s", Hints()), _fetched(url), page,
                             PROFILE, 0.1)
    first = outcome(copy_url, "2024-01-09")
    store_outcomes(db, tmp_path, "t.warc.gz", run, [first])
    with transaction(db) as con:  # the copy was analysed before its original arrived
        con.execute("INSERT INTO article_analysis (article_id, analyzer_version, run_id, "
                    "analyzed_at, dated_at, sentences, claims, quotes) "
                    "VALUES (?, 'v', 1, now(), now(), 1, 0, 0)", [first.article_id])
    counts = store_outcomes(db, tmp_path, "t.warc.gz", run,
                            [outcome(original_url, "2024-01-08")])
    assert counts == {Status.STORED: 1}
    with connect(db, read_only=True) as con:
        articles = con.execute("SELECT canonical_url FROM articles").fetchall()
        statuses = dict(con.execute("SELECT url, status FROM urls").fetchall())
        analysed = con.execute("SELECT count(*) FROM article_analysis").fetchone()[0]
    assert articles == [(original_url,)]
    assert statuses == {original_url: "stored", copy_url: "duplicate"}
    assert analysed == 0, "the demoted copy's analysis must go with it"
    # the run counts the copy as a duplicate, as when the original comes first
    assert finish_run(db, run, "completed") == {"stored": 1, "duplicate": 1}


def test_views_are_recreated_when_their_files_change_or_init_asks(tmp_path):
    import shutil

    from flows.store.db import SQL_DIR
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    path = tmp_path / "v.duckdb"
    migrate(path, sql)

    def views():
        with connect(path, read_only=True) as con:
            return {v for (v,) in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    with connect(path) as con:
        con.execute("DROP VIEW url_status")
    assert migrate(path, sql) == [] and "url_status" not in views()  # current: one read
    assert migrate(path, sql, force_views=True) == [] and "url_status" in views()
    ingest_views = sql / "views" / "ingest.sql"
    ingest_views.write_text(ingest_views.read_text() + "\nCREATE OR REPLACE VIEW probe AS "
                            "SELECT 1 AS one;\n")
    migrate(path, sql)  # a changed view file is applied without being asked
    assert "probe" in views()


def _read_count(path, wait, result):
    try:
        with connect(path, read_only=True, wait=wait) as con:
            result.put(con.execute("SELECT count(*) FROM runs").fetchone()[0])
    except DatabaseBusy:
        result.put("busy")


def _count_from_another_process(path, wait: float = 0.5) -> int | str:
    ctx = multiprocessing.get_context("spawn")
    result = ctx.Queue()
    reader = ctx.Process(target=_read_count, args=(path, wait, result))
    reader.start()
    reader.join(30)
    return result.get(timeout=5)


def _insert_run(run_id):
    def body(con):
        con.execute("INSERT INTO runs (run_id, flow, started_at, status) VALUES (?, 'test', now(), 'completed')",
                    [run_id])
        return run_id
    return body


def test_batches_share_a_connection_for_the_hold_time_and_then_free_the_file(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)
    with BatchWriter(path, hold_seconds=3600) as batches:
        assert batches.write(_insert_run(1)) == 1
        held = batches._con
        batches.write(_insert_run(2))
        assert batches._con is held  # one connection for both batches, each committed
        assert _count_from_another_process(path) == "busy"  # held meanwhile
    assert _count_from_another_process(path) == 2  # closed on leaving: both batches there
    with BatchWriter(path, hold_seconds=0) as batches:
        batches.write(_insert_run(3))
        assert batches._con is None  # held past its time: closed after the batch
        assert _count_from_another_process(path) == 3


def test_a_failed_batch_is_rolled_back_and_its_connection_closed(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)

    def fails(con):
        _insert_run(7)(con)
        raise RuntimeError("crash inside a batch")

    with BatchWriter(path, hold_seconds=3600) as batches:
        batches.write(_insert_run(1))
        with pytest.raises(RuntimeError, match="crash inside"):
            batches.write(fails)
        assert batches._con is None
        assert _count_from_another_process(path) == 1  # the earlier batch is kept
        batches.write(_insert_run(2))  # the next batch opens the file again
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT list(run_id ORDER BY run_id) FROM runs").fetchone()[0] == \
            [1, 2]


def _write_batches(path, started, stop):  # started once a batch is committed
    with BatchWriter(path, hold_seconds=3600) as batches:  # would hold the file all along
        run_id = 100
        while not stop.is_set():
            def body(con, run_id=run_id):
                _insert_run(run_id)(con)
                time.sleep(0.2)  # a batch's work
            batches.write(body)
            run_id += 1
            started.set()


def test_a_reader_gets_in_between_batches_of_a_run_that_holds_the_file(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)
    with _running(_write_batches, path) as writer:
        waited = time.monotonic()
        with connect(path, read_only=True, wait=10) as con:  # marks itself waiting
            seen = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        assert time.monotonic() - waited < 5  # let in at a batch boundary
        assert seen >= 1  # committed batches are there
        time.sleep(1)
        assert _count_from_another_process(path, wait=10) > seen  # and the run went on
    assert writer.exitcode == 0


def test_a_stale_waiting_marker_does_not_hold_writers_up(tmp_path):
    path = tmp_path / "d.duckdb"
    migrate(path)
    marker = waiting_marker(path)
    marker.touch()
    os.utime(marker, (time.time() - 60, time.time() - 60))  # left by a reader that died
    started = time.monotonic()
    with BatchWriter(path) as batches:
        batches.write(_insert_run(1))
    assert time.monotonic() - started < WAITING_FRESH_SECONDS


def test_writes_are_stored_in_drumbeats_row_groups_and_read_back_directly(tmp_path):
    # DuckDB would put 50,000 appended rows in one row group; drumbeat's writing
    # connections attach the file with smaller ones (see ROW_GROUP_ROWS), and read-only
    # connections, drumbeat's or another program's, open the file as it is.
    path = tmp_path / "d.duckdb"
    migrate(path)
    rows = 50_000
    with transaction(path) as con:
        con.execute("INSERT INTO article_sentences SELECT printf('a%d', i // 30), i % 30, 0, 1 "
                    "FROM range(?) t(i)", [rows])
    with BatchWriter(path, hold_seconds=3600) as batches:
        batches.write(lambda con: con.execute(
            "INSERT INTO article_sentences SELECT 'b', i, 0, 1 FROM range(?) t(i)", [rows]))
    with duckdb.connect(str(path), read_only=True) as con:
        groups = con.execute(
            "SELECT row_group_id, max(start + count) - min(start) FROM pragma_storage_info("
            "'article_sentences') WHERE column_id = 0 GROUP BY ALL").fetchall()
        stored = con.execute("SELECT count(*) FROM article_sentences").fetchone()[0]
    assert stored == 2 * rows
    assert max(size for _, size in groups) == ROW_GROUP_ROWS
    assert len(groups) >= 2 * rows // ROW_GROUP_ROWS
