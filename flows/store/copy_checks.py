"""Off-topic articles that copy an on-topic one (flows/analyze.py promote_copies): which
are still to check, and recording the check and its outcome."""

from __future__ import annotations

from datetime import datetime

import duckdb
import numpy as np

from flows.store.analysis import PendingArticle
from flows.store.columns import bulk_insert, objects


def unchecked_off_topic(con: duckdb.DuckDBPyConnection, limit: int) -> list[PendingArticle]:
    """Stored off-topic articles never checked for being copies, earliest first."""
    rows = con.execute(
        "SELECT a.article_id, a.text, a.text_hash, a.outlet, "
        "coalesce(a.published_at, a.stored_at) AS dated_at, a.origin_credit, false "
        "FROM articles a WHERE NOT a.on_topic AND a.text IS NOT NULL "
        "AND a.article_id NOT IN (SELECT article_id FROM copy_checks) "
        "ORDER BY dated_at, a.article_id LIMIT ?", [limit]).fetchall()
    return [PendingArticle(*row) for row in rows]


def record_checks(con: duckdb.DuckDBPyConnection, run_id: int, now: datetime,
                  checked: list[str], copies: dict[str, tuple[str, float]]) -> None:
    """Record every checked article; the copies become on topic (article and URL status)."""
    if not checked:
        return
    bulk_insert(con, "copy_checks", {
        "article_id": objects(checked),
        "copy_of": objects(copies[a][0] if a in copies else None for a in checked),
        "similarity": np.array([copies[a][1] if a in copies else np.nan for a in checked]),
        "run_id": np.full(len(checked), run_id, dtype=np.int64),
    }, f"article_id, TIMESTAMPTZ '{now.isoformat()}', copy_of, "
       "CASE WHEN isnan(similarity) THEN NULL ELSE similarity END, run_id")
    if copies:
        ids = objects(sorted(copies))
        con.execute("UPDATE articles SET on_topic = true WHERE list_contains(?, article_id)",
                    [ids])
        con.execute("UPDATE urls SET status = 'stored', status_detail = 'copy of an on-topic "
                    "article' WHERE status = 'off-topic' AND list_contains(?, article_id)",
                    [ids])
