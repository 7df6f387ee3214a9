"""The raw-bytes checks made before any XML parser runs, and the one-line error."""

from __future__ import annotations

import pytest

from flows.discover import DiscoveryError
from flows.discover.xmlsafety import (
    MAX_PROLOG_BYTES,
    declares_entities,
    last_entry_is_cut,
    prolog_problem,
)


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE r [<!ENTITY a "x">]><r/>',
        b'<?xml version="1.0"?>\n<!-- a comment --><!DOCTYPE r [<!ENTITY % p "x">]><r/>',
        b'<!DOCTYPE r [<!-- <fake> --><!ENTITY a "x">]><r/>',  # fake element in a comment
        b'<!DOCTYPE r SYSTEM "<fake>" [<!ENTITY a "x">]><r/>',  # fake element in a literal
        b'<?pi <fake> ?><!DOCTYPE r [<!ENTITY a "x">]><r/>',  # fake element in a PI
        b'\xef\xbb\xbf<!DOCTYPE r [<!ENTITY a "x">]><r/>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><r/>'.encode("utf-16-le"),
    ],
)
def test_entity_declarations_are_found_however_they_are_dressed(body):
    assert declares_entities(body)


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss/>',
        b"<r><![CDATA[ <!ENTITY a 'x'> is how entities are declared ]]></r>",  # after the root
        b"<!-- an unterminated comment",
        b"",
    ],
)
def test_documents_without_entity_declarations_pass(body):
    assert not declares_entities(body)


def test_cut_entry_is_told_from_a_whole_one():
    assert last_entry_is_cut(b"<rss><item><link>http://a", ("item", "entry"))
    assert last_entry_is_cut(b'<feed><entry xml:lang="e', ("item", "entry"))
    assert not last_entry_is_cut(b"<rss><item><link>http://a</link></item><it", ("item",))
    assert not last_entry_is_cut(b"<urlset><url/>", ("url",))
    assert not last_entry_is_cut(b"<urlset>", ("url",))


def test_discovery_error_is_always_one_short_line():
    error = DiscoveryError("first line\nsecond   line\t" + "x" * 500)

    assert "\n" not in str(error)
    assert str(error).startswith("first line second line x")
    assert len(str(error)) == 300


@pytest.mark.timeout(5, method="thread")
def test_a_prolog_that_never_reaches_a_root_element_is_refused_quickly():
    endless_markup = b"<!" * (MAX_PROLOG_BYTES // 2 + 10)

    assert prolog_problem(endless_markup) == (
        f"has no root element in its first {MAX_PROLOG_BYTES} bytes"
    )
    assert prolog_problem(b"Service Unavailable") is None  # left for the parser to name
