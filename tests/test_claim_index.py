"""The run-held claim index (flows/store/claim_index.py) gives the same candidates as the
SQL look-ups it replaces, and follows the tables when someone else changes them."""

import random
import shutil
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from flows.analysis.claims import claim_template
from flows.analysis.figures import find_figures
from flows.analysis.records import ArticleAnalysis, ClaimCandidate
from flows.analyze import claim_thresholds, store_claims
from flows.config import Config
from flows.recurrence.claims import (
    build_mentions,
    mention_bands,
    near_duplicate_mask,
    near_screen,
)
from flows.recurrence.minhash import from_blob
from flows.recurrence.text import TokenHasher
from flows.store import connect, migrate, transaction
from flows.store.analysis import claim_candidates, clear_analysis
from flows.store.claim_index import ClaimIndex
from flows.store.db import SQL_DIR

START = datetime(2024, 1, 1, tzinfo=UTC)
# A small vocabulary, so that unrelated sentences share bands and some band hashes are
# shared by more stored rows than the common-band cut allows.
WORDS = ("training centre county workers jobs income households villages cotton "
         "factory subsidy township programme migrant labour poverty plan").split()


def sentences(rng: random.Random, count: int, written: list[str]) -> list[str]:
    out = []
    for _ in range(count):
        if written and rng.random() < 0.3:  # a restatement, edited in one word
            words = rng.choice(written).split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words)
        else:
            text = " ".join(rng.choices(WORDS, k=rng.randint(8, 14))).capitalize() + \
                f" in {rng.randint(2, 40)},{rng.randint(100, 999)} cases."
        written.append(text)
        out.append(text)
    return out


def mentions_of(texts: list[str], first_article: int, hasher: TokenHasher) -> list:
    found = []
    for n in range(0, len(texts), 5):
        claims = []
        for i, text in enumerate(texts[n:n + 5]):
            figures = tuple(find_figures(text))
            claims.append(ClaimCandidate(i, 0, len(text), text, 0.5, {"count": 1}, figures,
                                         claim_template(text, figures)))
        article = first_article + n // 5
        found += build_mentions(f"art{article:05d}", START + timedelta(hours=article),
                                " ".join(c.text for c in claims),
                                ArticleAnalysis("s", (), tuple(claims), ()), hasher)
    return found


@pytest.fixture
def history(tmp_path):
    """A database holding four batches of claims, stored by one run with one index."""
    cfg = Config()
    cfg.storage.database = str(tmp_path / "bands.duckdb")
    cfg.recurrence.common_band = 6  # low enough that this small history has common bands
    cfg.recurrence.max_candidates = 3  # low enough that the cap cuts
    migrate(cfg.database_path)
    rng, written, hasher, index = random.Random(5), [], TokenHasher(), ClaimIndex()
    for batch in range(4):
        mentions = mentions_of(sentences(rng, 200, written), batch * 40, hasher)
        with transaction(cfg.database_path) as con:
            store_claims(con, 1, mentions, cfg.recurrence, index=index)
    probe = mentions_of(sentences(rng, 200, written), 1000, hasher)
    return cfg, index, probe, rng, written, hasher


def look_up(cfg, probe, index=None, screen=None):
    rc = cfg.recurrence
    bands = mention_bands(probe, rc.claim_rows_per_band)
    with connect(cfg.database_path) as con:
        found = claim_candidates(con, [m.norm_hash for m in probe], bands,
                                 [m.anchors for m in probe], rc.max_candidates,
                                 rc.common_band, index, screen)
    signatures = {k: v.signature.tolist() for k, v in found.variants.items()}
    return found.near, found.by_figure, sorted(found.variants), signatures


def test_the_index_finds_what_the_sql_look_up_finds(history):
    cfg, index, probe, *_ = history
    assert index.uses == 4 and index.token is not None  # loaded at the second batch
    by_sql = look_up(cfg, probe)
    assert look_up(cfg, probe, index) == by_sql
    near = by_sql[0]
    # the cuts were exercised: capped positions, and band hashes too common to use
    assert max(len(keys) for keys in near.values()) >= cfg.recurrence.max_candidates
    cfg.recurrence.common_band = 10_000
    assert look_up(cfg, probe)[0] != near


def test_the_screen_drops_only_band_candidates_that_fail_the_near_duplicate_test(history):
    cfg, index, probe, *_ = history
    limits = claim_thresholds(cfg.recurrence)
    near = look_up(cfg, probe, index)[0]
    screened = look_up(cfg, probe, index, near_screen(probe, limits))[0]
    with connect(cfg.database_path) as con:  # sizes and signatures as stored, not as held
        stored = {h: (size, from_blob(blob)) for h, size, blob in con.execute(
            "SELECT norm_hash, shingles, signature FROM claim_variants").fetchall()}
    kept = dropped = 0
    for position, keys in near.items():
        mention = probe[position]
        assert screened.get(position, set()) <= keys
        for key in keys - {mention.norm_hash}:
            size, signature = stored[key]
            passes = near_duplicate_mask(np.array([np.mean(signature == mention.signature)]),
                                         np.array([mention.shingles]), np.array([size]),
                                         limits)[0]
            assert passes == (key in screened.get(position, set()))
            kept, dropped = kept + passes, dropped + (not passes)
    assert kept and dropped  # the screen had work to do, and kept the restatements


def test_a_mention_whose_text_is_stored_gets_that_variant_only(history):
    cfg, index, probe, rng, written, hasher = history
    stored = mentions_of(written[:100], 2000, hasher)  # texts of the first batch again
    for use in (None, index):
        near, by_figure, *_ = look_up(cfg, stored, use)
        assert near == {p: {m.norm_hash} for p, m in enumerate(stored)}
        assert by_figure == {}


def test_a_history_stored_with_the_index_equals_one_stored_without(history, tmp_path):
    cfg, *_ = history
    plain = Config()
    plain.storage.database = str(tmp_path / "plain.duckdb")
    plain.recurrence.common_band, plain.recurrence.max_candidates = 6, 3  # as history's
    migrate(plain.database_path)
    rng, written, hasher = random.Random(5), [], TokenHasher()
    for batch in range(4):  # the fixture's batches again, each looked up by SQL
        mentions = mentions_of(sentences(rng, 200, written), batch * 40, hasher)
        with transaction(plain.database_path) as con:
            store_claims(con, 1, mentions, plain.recurrence)
    tables = {}
    for db in (cfg.database_path, plain.database_path):
        with connect(db) as con:
            tables[db] = [con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                          for table in ("claims", "claim_variants", "claim_bands",
                                        "claim_anchors")]
    assert tables[cfg.database_path] == tables[plain.database_path]
    assert {"exact", "minhash"} <= {row[16] for row in tables[plain.database_path][0]}


def test_the_index_reloads_after_a_rolled_back_write(history):
    cfg, index, probe, rng, written, hasher = history
    before = index.token
    with pytest.raises(RuntimeError), transaction(cfg.database_path) as con:
        store_claims(con, 1, mentions_of(sentences(rng, 100, written), 500, hasher),
                     cfg.recurrence, index=index)
        assert index.token != before  # it counted rows that are about to vanish
        raise RuntimeError("crash before commit")
    assert look_up(cfg, probe, index) == look_up(cfg, probe)
    assert index.token == before


def test_the_index_sees_what_another_writer_added_and_what_reanalyze_removed(history):
    cfg, index, probe, *_ = history
    look_up(cfg, probe, index)
    with transaction(cfg.database_path) as con:  # another writer, with no index
        store_claims(con, 2, probe, cfg.recurrence)
    found = look_up(cfg, probe, index)
    assert found == look_up(cfg, probe)
    assert {m.norm_hash for m in probe} <= set(found[2])  # the probe finds itself now
    clear_analysis(cfg.database_path)
    assert look_up(cfg, probe, index) == ({}, {}, [], {})
    assert index.token == (0, 0)


def test_signatures_of_another_length_leave_the_look_ups_to_sql(history):
    cfg, index, probe, *_ = history
    with connect(cfg.database_path) as con:
        con.execute("INSERT INTO claim_variants VALUES (9, 9, 3, 'short'::BLOB, '', [], '')")
        assert not index.ready(con) and index.unusable
        assert not index.ready(con)  # not loaded again for every batch
    assert look_up(cfg, probe, index)[0] == look_up(cfg, probe)[0]


def test_merged_runs_keep_every_row_and_chunks_give_back_each_slot():
    index = ClaimIndex(token=(0, 0))
    rng = np.random.default_rng(3)
    rows, signatures = [], {}
    for size in (50, 20, 20, 5, 80, 1):
        hashes = rng.choice(10**9, size, replace=False) + len(signatures) * 10**9
        matrix = rng.integers(0, 2**32, (size, 128), dtype=np.uint32)
        bands = rng.integers(0, 40, (size, 3))  # many equal band hashes across runs
        index.add(hashes, matrix, hashes % 50, bands)
        rows += [(int(b), int(h)) for h, row in zip(hashes, bands, strict=True) for b in row]
        signatures.update(zip(hashes.tolist(), matrix.tolist(), strict=True))
    assert len(index.bands) < 6 and len(index.variants) < 6  # similar sizes were merged
    held = [(int(b), int(index.hashes.take(np.array([slot]))[0]))
            for run in index.bands for b, slot in zip(run.keys, run.slots, strict=True)]
    assert sorted(held) == sorted(rows)
    assert all((np.diff(run.keys) >= 0).all() for run in index.bands + index.variants)
    asked = np.array(list(signatures)[::-1])
    assert index.signatures_of(asked).tolist() == [signatures[h] for h in asked.tolist()]
    taken, sizes = index.signatures_and_sizes(asked)
    assert taken.tolist() == [signatures[h] for h in asked.tolist()]
    assert sizes.tolist() == (asked % 50).tolist()
    assert index.slots_of(np.array([-5]))[1].tolist() == [False]


def test_migration_004_keeps_the_words_of_variants_stored_as_lists(tmp_path):
    before = tmp_path / "sql"
    shutil.copytree(SQL_DIR, before)
    for later in before.glob("migrations/00[4-9]_*.sql"):
        later.unlink()
    db = tmp_path / "old.duckdb"
    migrate(db, before)
    with connect(db) as con:
        con.execute("INSERT INTO claim_variants VALUES (7, 7, 3, 'x'::BLOB, "
                    "['cotton', 'job'], ['Aksu'], '')")
    assert "004_variant_words.sql" in migrate(db)
    with connect(db) as con:
        assert con.execute("SELECT words, names FROM claim_variants").fetchall() == \
            [("cotton job", ["Aksu"])]
