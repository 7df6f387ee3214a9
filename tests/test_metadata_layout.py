"""The headline's zone: the visible lines around the headline, as a reader sees them."""

from lxml import html

from flows.metadata.layout import find_headline, header_zone


def zone(markup: str, before: int = 300, after: int = 1200):
    tree = html.fromstring(markup)
    headline = find_headline(tree, ["Pipe material for a home water supply"])
    return header_zone(tree, headline, before, after)


def test_indentation_does_not_use_up_the_zone():
    padding = "".join("<div>\n" + " " * 60 + "\n</div>" for _ in range(40))
    found = zone(f"<html><body><div>By Ana Ruiz on 04-ago-2021</div>{padding}"
                 "<h1>Pipe material for a home water supply</h1><p>Copper lasts.</p></body></html>")
    assert "By Ana Ruiz on 04-ago-2021" in found.before


def test_sibling_inline_elements_do_not_run_together():
    found = zone("<html><body><div><a>Sleep Health</a><span>DECEMBER 22, 2022</span>"
                 "<span>Updated: JANUARY 02, 2026</span></div>"
                 "<h1>Pipe material for a home water supply</h1>"
                 "<p>Posted December 19<sup>th</sup>, 2025 by <b>A</b>na</p></body></html>")
    assert found.before == "Sleep Health DECEMBER 22, 2022 Updated: JANUARY 02, 2026"
    assert found.after.startswith("Posted December 19th, 2025 by Ana")


def test_a_line_cut_by_the_budget_is_left_out():
    found = zone("<html><body><h1>Pipe material for a home water supply</h1>"
                 "<p>By Ana Ruiz</p><p>" + "Copper lasts for decades. " * 10 + "</p></body></html>",
                 after=100)
    assert found.after == "By Ana Ruiz"
