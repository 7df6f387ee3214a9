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
from flows.recurrence.records import Variant
from flows.recurrence.relations import claim_relations
from flows.recurrence.text import TokenHasher
from flows.store import claim_index, connect, migrate, transaction
from flows.store.analysis import claim_candidates, clear_analysis, cluster_members
from flows.store.claim_index import ClaimIndex
from flows.store.claim_vectors import word_candidates
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


def store_article_rows(db, count: int) -> None:
    """The articles the mentions name (art00000 ...), dated as mentions_of dates them:
    relating a cluster's members to its first reads their dates from here."""
    with connect(db) as con:
        con.execute(
            "INSERT INTO articles (article_id, canonical_key, canonical_url, normalizer_version,"
            " url_key, outlet, published_at, text, text_hash, word_count, relevance_score,"
            " on_topic, source_id, extractor, first_run_id, stored_at, extracted_at) "
            "SELECT printf('art%05d', i), printf('k%d', i), printf('https://o.example/%d', i),"
            " 1, printf('k%d', i), 'o.example', ?::TIMESTAMPTZ + to_hours(i), 'text',"
            " md5(i::VARCHAR), 1, 1.0, true, 'test', 'test', 1, now(), now() FROM range(?) t(i)",
            [START, count])


@pytest.fixture
def history(tmp_path):
    """A database holding four batches of claims, stored by one run with one index."""
    cfg = Config()
    cfg.storage.database = str(tmp_path / "bands.duckdb")
    cfg.recurrence.common_band = 6  # low enough that this small history has common bands
    cfg.recurrence.max_candidates = 3  # low enough that the cap cuts
    migrate(cfg.database_path)
    store_article_rows(cfg.database_path, 3000)
    rng, written, hasher, index = random.Random(5), [], TokenHasher(), ClaimIndex()
    for batch in range(4):
        mentions = mentions_of(sentences(rng, 200, written), batch * 40, hasher)
        with transaction(cfg.database_path) as con:
            store_claims(con, 1, mentions, cfg.recurrence, index=index)
    probe = mentions_of(sentences(rng, 200, written), 1000, hasher)
    return cfg, index, probe, rng, written, hasher


def look_up(cfg, probe, index=None, screen=None):
    """What claim_candidates finds, with every field of every variant it gives."""
    rc = cfg.recurrence
    bands = mention_bands(probe, rc.claim_rows_per_band)
    with connect(cfg.database_path) as con:
        if index is not None and not index.ready(con):
            index = None
        found = claim_candidates(con, [m.norm_hash for m in probe], bands,
                                 [m.anchors for m in probe], rc.max_candidates,
                                 rc.common_band, index, screen)
    variants = {k: (v.cluster_id, v.shingles, v.signature.tolist(), sorted(v.words),
                    sorted(v.names), v.figure_key) for k, v in found.variants.items()}
    return found.near, found.by_figure, sorted(found.variants), variants


def test_the_index_finds_what_the_sql_look_up_finds(history, monkeypatch):
    cfg, index, probe, *_ = history
    assert index.uses == 4 and index.token is not None  # loaded at the second batch
    by_sql = look_up(cfg, probe)
    assert look_up(cfg, probe, index) == by_sql
    monkeypatch.setattr(claim_index, "SEARCH_SLICE", 16)  # the runs searched in slices
    assert look_up(cfg, probe, index) == by_sql
    near, by_figure, _, variants = by_sql
    # the shared-figure tier's candidates came with their words, and some have names
    assert any(variants[k][3] for keys in by_figure.values() for k in keys)
    assert any(names for *_, names, _ in variants.values())
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
    store_article_rows(plain.database_path, 3000)
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
    claims = tables[plain.database_path][0]
    assert {"exact", "minhash"} <= {row[16] for row in claims}
    # members were related to their cluster's first (with the index: its signatures)
    assert {"first", "verbatim", "edited"} <= {row[18] for row in claims}


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
    rows, held = [], {}
    for size in (50, 20, 20, 5, 80, 1):
        hashes = rng.choice(10**9, size, replace=False) + len(held) * 10**9
        matrix = rng.integers(0, 2**32, (size, 128), dtype=np.uint32)
        bands = rng.integers(0, 40, (size, 3))  # many equal band hashes across runs
        variants = [Variant(int(h), int(h) % 7, int(h) % 50, signature,
                            frozenset({f"w{h % 3}", f"v{h % 5}"}), frozenset({f"N{h % 4}"}),
                            f"count:{h % 11}") for h, signature in zip(hashes, matrix, strict=True)]
        index.add(variants, bands)
        rows += [(int(b), int(h)) for h, row in zip(hashes, bands, strict=True) for b in row]
        held.update((v.norm_hash, v) for v in variants)
    assert len(index.bands) < 6 and len(index.variants) < 6  # similar sizes were merged
    in_runs = [(int(b), int(index.hashes.take(np.array([slot]))[0]))
               for run in index.bands for b, slot in zip(run.keys, run.slots, strict=True)]
    assert sorted(in_runs) == sorted(rows)
    assert all((np.diff(run.keys) >= 0).all() for run in index.bands + index.variants)
    asked = np.array(list(held)[::-1])
    with_words = asked % 2 == 0
    found, signatures = index.variants_at(index.known_slots(asked), with_words)
    assert signatures.tolist() == [held[h].signature.tolist() for h in asked.tolist()]
    for variant, key, wanted in zip(found, asked.tolist(), with_words, strict=True):
        expected = held[key]
        assert (variant.norm_hash, variant.cluster_id, variant.shingles, variant.names,
                variant.figure_key) == (key, expected.cluster_id, expected.shingles,
                                        expected.names, expected.figure_key)
        assert variant.words == (expected.words if wanted else frozenset())
    assert index.slots_of(np.array([-5]))[1].tolist() == [False]
    with pytest.raises(KeyError):
        index.known_slots(np.array([asked[0], -5]))


def test_a_sliced_search_equals_one_search(monkeypatch):
    monkeypatch.setattr(claim_index, "SEARCH_SLICE", 8)
    rng = np.random.default_rng(4)
    keys = np.sort(np.r_[rng.integers(-50, 50, 300), np.full(40, 7)])  # long runs of 7
    probes = np.unique(rng.integers(-60, 60, 90))
    for side in ("left", "right"):
        assert claim_index._search(keys, probes, side).tolist() == \
            np.searchsorted(keys, probes, side=side).tolist()


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


def test_relations_stored_batch_by_batch_equal_relating_every_member_again(tmp_path):
    """Each batch relates its members, and the first mention of a cluster they join, to
    that first; a batch of earlier articles moves the first, and its cluster is related
    in full. What is stored equals relating every member of every cluster again."""
    cfg = Config()
    cfg.storage.database = str(tmp_path / "relations.duckdb")
    migrate(cfg.database_path)
    store_article_rows(cfg.database_path, 3000)
    rng, written, hasher, index = random.Random(9), [], TokenHasher(), ClaimIndex()
    for first_article in (400, 0, 600, 200):  # the second and fourth batches are older
        mentions = mentions_of(sentences(rng, 200, written), first_article, hasher)
        with transaction(cfg.database_path) as con:
            store_claims(con, 1, mentions, cfg.recurrence, index=index)
    limits = claim_thresholds(cfg.recurrence)
    with connect(cfg.database_path) as con:
        stored = {row[0]: (row[1], row[2]) for row in con.execute(
            "SELECT mention_id, relation, similarity FROM claims").fetchall()}
        clusters = [row[0] for row in con.execute("SELECT DISTINCT cluster_id FROM claims")
                    .fetchall()]
        expected = {}
        for members in cluster_members(con, clusters).values():
            expected.update(claim_relations(members, limits))
        moved = con.execute("SELECT count(*) FROM claims WHERE mention_id = cluster_id "
                            "AND relation <> 'first'").fetchone()[0]
    assert stored == expected
    assert moved > 0  # clusters whose starter is no longer their first mention
    assert {"verbatim", "edited"} <= {relation for relation, _ in stored.values()}


# Postings per word above which this history's words are too common to use: its few
# words have hundreds of postings each, and 600 drops some and keeps others (the test
# below checks both).
COMMON_WORD = 600


def test_the_index_finds_the_word_candidates_the_sql_look_up_finds(history):
    """The semantic step's candidates by shared words: the same from the run's index
    (loaded from claim_words, then added to batch by batch) as from SQL, with the cap on
    words too common to use and the limit per claim both cutting."""
    cfg, index, probe, *_ = history
    words = [m.words for m in probe]
    idf = {w: 1.0 for found in words for w in found}
    with connect(cfg.database_path) as con:
        assert index.ready(con)
        by_sql = word_candidates(con, words, idf, 3, COMMON_WORD)
        by_index = word_candidates(con, words, idf, 3, COMMON_WORD, index)
        uncapped = word_candidates(con, words, idf, 3, 10_000)
    assert by_index == by_sql
    assert max(len(found) for found in by_sql.values()) == 3
    assert uncapped != by_sql
