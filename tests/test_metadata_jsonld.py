"""JSON-LD: the article node inside @graph, @id references, broken scripts."""

from lxml import html

from flows.metadata.bylines import json_ld_authors
from flows.metadata.jsonld import read_json_ld, text_value


def page(script: str) -> html.HtmlElement:
    return html.fromstring(f'<html><head><script type="application/ld+json">{script}</script>'
                           "</head><body><p>x</p></body></html>")


GRAPH = """{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "#site", "name": "Example Daily"},
  {"@type": "WebPage", "@id": "#page", "datePublished": "2021-02-01"},
  {"@type": ["NewsArticle", "Article"], "@id": "#article", "headline": "Cotton harvest starts",
   "author": [{"@id": "#li"}, {"@type": "Organization", "name": "Example Daily"}]},
  {"@type": "Person", "@id": "#li", "name": "Li Wen"}]}"""


def test_article_node_comes_before_the_web_page_node():
    nodes = read_json_ld(page(GRAPH)).main_nodes()
    assert text_value(nodes[0].data["headline"]) == "Cotton harvest starts"
    assert nodes[1].is_page


def test_author_references_are_resolved_and_typed():
    assert json_ld_authors(read_json_ld(page(GRAPH))) == [("Li Wen", "person"), ("Example Daily", "organization")]


def test_trailing_commas_and_control_characters_are_repaired():
    broken = '{"@type": "BlogPosting", "headline": "Line\none", "datePublished": "2024-01-02",}'
    json_ld = read_json_ld(page(broken))
    assert json_ld.broken_scripts == 0
    assert json_ld.main_nodes()[0].data["datePublished"] == "2024-01-02"


def test_unreadable_script_is_counted_not_raised():
    assert read_json_ld(page("{not json at all")).broken_scripts == 1


def test_text_value_unwraps_lists_and_markup():
    assert text_value(["", {"@value": "A &amp; B <b>bold</b>"}]) == "A & B bold"
    assert text_value(None) is None
