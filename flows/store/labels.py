"""A person's relevance labels, and the relevance decisions a person checks.

record_labels() validates every label first and writes all of them or none, in one
transaction: an unknown URL or a URL that never became an article is reported, and nothing
is lost (the file is fixed and given again; labelling twice is harmless, the latest label
wins). A label sets the article's on_topic at once (and its URLs' status), so an article
labelled on topic is analysed by the next run's analyze stage, and one labelled off topic
loses its analysis rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from flows.records import Status
from flows.store.db import Database, connect, exists, utcnow, write
from flows.urls import url_key


class LabelError(ValueError):
    """Labels that cannot be recorded; nothing was written."""


@dataclass(slots=True)
class Label:
    url: str
    on_topic: bool
    origin: str = "command line"


@dataclass(slots=True)
class Recorded:
    url: str
    article_id: str
    on_topic: bool
    was_on_topic: bool


def _resolve(con: duckdb.DuckDBPyConnection, url: str) -> tuple[str, str, bool] | str:
    """(article id, canonical key, on_topic) of the article a URL is, or why there is none."""
    try:
        key = url_key(url)
    except ValueError as exc:
        return f"not a usable URL ({exc})"
    row = con.execute(
        "SELECT a.article_id, a.canonical_key, a.on_topic FROM articles a "
        "WHERE a.canonical_key = $key OR a.url_key = $key OR a.article_id IN "
        "(SELECT article_id FROM urls WHERE url_key = $key) LIMIT 1", {"key": key}).fetchone()
    if row is not None:
        return row[0], row[1], bool(row[2])
    status = con.execute("SELECT status FROM urls WHERE url_key = ?", [key]).fetchone()
    if status is None:
        return "unknown URL: no run has discovered it"
    return f"no article stored for it (its status is {status[0]})"


def record_labels(db: Database, labels: list[Label]) -> list[Recorded]:
    """Record every label, or none (LabelError lists each problem)."""
    if not exists(db):
        raise LabelError(f"no database at {db}: run `drumbeat run` first")
    now = utcnow()

    def body(con) -> list[Recorded]:
        problems, found = [], []
        for label in labels:
            resolved = _resolve(con, label.url)
            if isinstance(resolved, str):
                problems.append(f"{label.origin}: {label.url}: {resolved}")
            else:
                found.append((label, *resolved))
        if problems:
            raise LabelError("nothing recorded:\n  " + "\n  ".join(problems))
        done, dropped = [], []
        for label, article_id, canonical_key, was in found:
            con.execute("INSERT INTO relevance_labels VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [article_id, canonical_key, label.url, label.on_topic, was, now,
                         label.origin])
            mark = {"label": "on" if label.on_topic else "off"}
            con.execute("UPDATE articles SET on_topic = ?, relevance = json_merge_patch("
                        "coalesce(relevance, '{}'), ?) WHERE article_id = ?",
                        [label.on_topic, json.dumps(mark), article_id])
            status = Status.STORED if label.on_topic else Status.OFF_TOPIC
            con.execute("UPDATE urls SET status = ?, status_detail = ? WHERE article_id = ? "
                        "AND status IN (?, ?)",
                        [status, f"labelled {'on' if label.on_topic else 'off'} topic",
                         article_id, Status.STORED, Status.OFF_TOPIC])
            if was and not label.on_topic:
                dropped.append(article_id)
            done.append(Recorded(label.url, article_id, label.on_topic, was))
        if dropped:  # what was analysed as on topic leaves the claims and quotes
            from flows.store.analysis import forget_articles
            from flows.store.summaries import refresh_summaries
            refresh_summaries(con, forget_articles(con, dropped))
        return done

    return write(db, body)


def parse_label_file(text: str, name: str) -> list[Label]:
    """Lines "URL on|off" (blank lines and # comments skipped). LabelError lists every bad
    line; nothing is recorded then."""
    labels, problems = [], []
    words = {"on": True, "off": False, "on-topic": True, "off-topic": False}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1].lower() not in words:
            problems.append(f"{name}:{number}: expected 'URL on' or 'URL off', got {line!r}")
            continue
        labels.append(Label(parts[0], words[parts[1].lower()], f"{name}:{number}"))
    if problems:
        raise LabelError("nothing recorded:\n  " + "\n  ".join(problems))
    return labels


def current_labels(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool, str]]:
    """(article id, canonical key, on_topic, text) of each labelled article, latest label."""
    try:
        return con.execute(
            "SELECT l.article_id, l.canonical_key, l.on_topic, a.text FROM ("
            "  SELECT article_id, canonical_key, on_topic, labelled_at, row_number() OVER ("
            "  PARTITION BY article_id ORDER BY labelled_at DESC) AS n FROM relevance_labels"
            ") l JOIN articles a USING (article_id) WHERE l.n = 1 "
            "ORDER BY l.labelled_at DESC").fetchall()
    except duckdb.CatalogException:  # a database from before migration 006
        return []


def load_labels(db: Database) -> list[tuple[str, str, bool, str]]:
    if not exists(db):
        return []
    with connect(db, read_only=True) as con:
        return current_labels(con)


def borderline(db: Database, run_id: int | None, limit: int) -> tuple[int, float, list[tuple]]:
    """(run, threshold, rows) of the decisions of a run nearest its threshold, above and
    below: article id, URL, outlet, title, score, on_topic, relevance parts (JSON)."""
    with connect(db, read_only=True) as con:
        if run_id is None:
            row = con.execute("SELECT max(first_run_id) FROM articles").fetchone()
            run_id = row[0] if row and row[0] is not None else 0
        rows = con.execute(
            "SELECT article_id, canonical_url, outlet, title, relevance_score, on_topic, "
            "relevance FROM articles WHERE first_run_id = ? "
            "AND json_extract(relevance, '$.seed') IS NULL", [run_id]).fetchall()
    if not rows:
        return run_id, 0.0, []
    threshold = float(json.loads(rows[0][6] or "{}").get("threshold", 0.25))
    above = sorted((r for r in rows if r[4] >= threshold), key=lambda r: r[4])[:limit]
    below = sorted((r for r in rows if r[4] < threshold), key=lambda r: -r[4])[:limit]
    return run_id, threshold, sorted(above + below, key=lambda r: -r[4])
