"""Copies of one story: fingerprints, the copy test, grouping, and credit lines."""

from datetime import UTC, datetime, timedelta

import pytest

from flows.analyze import copy_thresholds
from flows.config import RecurrenceConfig
from flows.recurrence.minhash import band_hashes
from flows.recurrence.syndication import (
    article_print,
    assign_groups,
    copy_similarity,
    credit_line,
    sign_prints,
)
from flows.recurrence.text import TokenHasher
from tests.fixtures.recurrence.corpus import load_articles

LIMITS = copy_thresholds(RecurrenceConfig())
CORPUS = {a.key: a for a in load_articles()}


def prints_of(*keys: str):
    hasher = TokenHasher()
    items, sets = [], []
    for key in keys:
        a = CORPUS[key]
        item, shingles = article_print(a.article_id, a.text, key, a.outlet, a.published,
                                       None, hasher)
        items.append(item)
        sets.append(shingles)
    sign_prints(items, sets)
    return items


@pytest.mark.parametrize("copy", ["a02", "a03", "a04", "a05"])
def test_mirrors_retitled_trimmed_and_edited_copies_are_copies(copy):
    original, other = prints_of("a01", copy)
    assert copy_similarity(original, other, LIMITS) is not None


@pytest.mark.parametrize("pair", [("e01", "e02"), ("c01", "d01"), ("a01", "f01"),
                                  ("g01", "g05")])
def test_separately_written_articles_on_the_same_news_are_not_copies(pair):
    a, b = prints_of(*pair)
    assert copy_similarity(a, b, LIMITS) is None


def test_a_trimmed_copy_is_found_by_containment_not_jaccard():
    original, trimmed = prints_of("b01", "b03")
    similarity, contained = copy_similarity(original, trimmed, LIMITS)
    assert contained > 0.9 and contained > similarity


def test_groups_take_the_id_of_the_article_that_started_them():
    items = prints_of("a01", "g02", "a03", "a04")
    bands = band_hashes(__import__("numpy").stack([p.signature for p in items]), 2)
    assign_groups(items, {}, {}, {}, bands, LIMITS)
    first, alone, mirror, trimmed = items
    assert first.group_id == first.article_id and first.matched_by == ""
    assert alone.group_id == alone.article_id
    assert mirror.group_id == trimmed.group_id == first.article_id


def test_a_new_copy_joins_a_stored_group():
    stored, new = prints_of("b01", "b02")
    stored.group_id = "group-of-b01"
    bands = band_hashes(new.signature[None, :], 2)
    assign_groups([new], {stored.article_id: stored}, {stored.article_id: "group-of-b01"},
                  {0: {stored.article_id}}, bands, LIMITS)
    assert new.group_id == "group-of-b01" and new.similarity > 0.9


def test_the_same_text_is_a_copy_whatever_its_length():
    hasher = TokenHasher()
    now = datetime(2020, 1, 1, tzinfo=UTC)
    a, sa = article_print("x", "Short brief.", "same-hash", "x.cn", now, None, hasher)
    b, sb = article_print("y", "Short brief.", "same-hash", "y.cn", now + timedelta(days=1),
                          None, hasher)
    sign_prints([a, b], [sa, sb])
    assert copy_similarity(a, b, LIMITS) == (1.0, 1.0)


@pytest.mark.parametrize(("text", "credit"), [
    ("Body text.\n\nSource: Xinhua", "Xinhua"),
    ("Body text.\nSource: China Daily | Editor: Li Yan", "China Daily"),
    ("URUMQI, April 7 (Xinhua) -- Promoting industries ...", "Xinhua"),
    ("BEIJING (AP) - Chinese officials say ...", "AP"),
    ("Headline\nBy The Associated Press\nBody.", "The Associated Press"),
    ("By Cui Jia in Kashgar, Xinjiang\nBody.", None),  # a reporter's byline, not a credit
    ("Nothing here names a source.", None),
])
def test_credit_lines(text, credit):
    assert credit_line(text) == credit


def test_the_extractor_s_credit_wins_over_the_text():
    item, _ = article_print("x", "Body.\nSource: Xinhua", "h", "x.cn",
                            datetime(2020, 1, 1, tzinfo=UTC), "Reuters", TokenHasher())
    assert (item.credit, item.credit_source) == ("Reuters", "metadata")
