"""The batch's quotes keyed to the speakers already stored (flows/analysis/speaker_identity.py).

Read before the batch is written: stored_speakers gives what the matching rules need from
speaker_stats (one row per speaker key, kept up to date by the analyze stage), and
key_batch_speakers returns the batch's analyses with each quote's speaker_key set, which
write_articles stores instead of the article's own key.
"""

from __future__ import annotations

import dataclasses

import duckdb

from flows.analysis.records import ArticleAnalysis
from flows.analysis.speaker_identity import NewSpeaker, StoredSpeaker, assign_speaker_keys


def stored_speakers(con: duckdb.DuckDBPyConnection) -> list[StoredSpeaker]:
    """Every stored speaker's key, name, kind, forms seen and number of quotes."""
    rows = con.execute("SELECT speaker_key, name, kind, aliases, quotes FROM speaker_stats "
                       "WHERE speaker_key IS NOT NULL").fetchall()
    return [StoredSpeaker(key, name or key, kind or "unknown", tuple(aliases or ()),
                          int(quotes or 0))
            for key, name, kind, aliases, quotes in rows]


def batch_speakers(analyses: list[ArticleAnalysis]) -> list[NewSpeaker]:
    """The speaker of every quote of the batch, article by article, in order."""
    return [NewSpeaker(q.speaker, q.speaker_kind, q.speaker_as_written, q.organisation,
                       q.role, q.speaker_key)
            for analysis in analyses for q in analysis.quotes]


def apply_speaker_keys(analyses: list[ArticleAnalysis], keys: list[str | None]
                       ) -> list[ArticleAnalysis]:
    """The analyses with each quote's speaker_key replaced, keys given in the order of
    batch_speakers; an analysis without quotes is returned as it is."""
    out = []
    position = 0
    for analysis in analyses:
        count = len(analysis.quotes)
        if count:
            quotes = tuple(dataclasses.replace(q, speaker_key=k) for q, k in
                           zip(analysis.quotes, keys[position:position + count], strict=True))
            analysis = dataclasses.replace(analysis, quotes=quotes)
        position += count
        out.append(analysis)
    if position != len(keys):
        raise ValueError(f"{len(keys)} keys for {position} quotes")
    return out


def key_batch_speakers(con: duckdb.DuckDBPyConnection, analyses: list[ArticleAnalysis]
                       ) -> list[ArticleAnalysis]:
    """The batch's analyses with each quote keyed to the stored speaker it names, or to
    another speaker of the batch, else to its own name (see speaker_identity)."""
    new = batch_speakers(analyses)
    if not new:
        return analyses
    return apply_speaker_keys(analyses, assign_speaker_keys(stored_speakers(con), new))
