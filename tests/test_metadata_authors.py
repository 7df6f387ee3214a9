"""Bylines: names cleaned of "By", roles and dates; people, organisations, wire credits."""

import pytest
from lxml import html

from flows.metadata.authors import choose_authors
from flows.metadata.bylines import clean_byline, page_credits, zone_bylines
from flows.metadata.jsonld import read_json_ld
from flows.metadata.layout import HeaderZone
from flows.metadata.meta_tags import read_meta_tags
from flows.metadata.names import (
    display_byline,
    is_organization,
    split_names,
    wire_name,
)

EMPTY_TREE = html.fromstring("<html><head></head><body><p>text</p></body></html>")


def test_by_dates_and_update_stamps_are_cut_from_a_byline():
    assert clean_byline("By Jane Doe | Dec. 1, 2025") == "Jane Doe"
    assert clean_byline("Written by Jane Doe on March 3, 2024") == "Jane Doe"
    assert clean_byline("Korin MillerPublished: Jan 2, 2025") == "Korin Miller"
    assert clean_byline("byScott Miller") == "Scott Miller"


def test_roles_go_and_credentials_stay_in_the_display_form():
    assert display_byline("Jane Doe, Senior Editor, The Daily") == "Jane Doe"
    assert display_byline("Nicoletta Richardson Trending Editor") == "Nicoletta Richardson"
    assert display_byline("Dylan Bailey, MS, RD, FAND") == "Dylan Bailey, MS, RD, FAND"
    assert display_byline("Jane Doe Jane Doe") == "Jane Doe"
    # a role in the plural, after several names
    assert display_byline("Julie Weisenhorn and Natalie Hoidal, Extension horticulture educators") == \
        "Julie Weisenhorn and Natalie Hoidal"
    assert display_byline("Nicole Forbes, Master Horticulturalist & Garden Educator") == "Nicole Forbes"


def test_several_names_are_split():
    assert split_names("Danielle DeSiato, Donna Enzmann, and Natalie Nguyen") == \
        ["Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"]
    assert split_names("Maria & Katerina") == ["Maria", "Katerina"]
    assert split_names("Dylan Bailey, MS, RD, FAND") == ["Dylan Bailey"]


def test_people_organisations_and_wires():
    assert wire_name("Xinhua") == "Xinhua"
    assert wire_name("The Associated Press") == "AP"
    assert is_organization("Global Times staff")
    assert is_organization("Xinhua")
    assert not is_organization("Zhang Min")


def test_shown_byline_with_a_wire_credit():
    zone = HeaderZone(before="", after="By Zhang Min and Tom Hale | Xinhua\nDec. 15, 2020")
    choice = choose_authors(read_json_ld(EMPTY_TREE), read_meta_tags(EMPTY_TREE), zone, EMPTY_TREE,
                            "URUMQI, Dec. 15 (Xinhua) -- A new rail line opened.")
    assert choice.byline == "Zhang Min and Tom Hale"
    assert choice.authors == ["Zhang Min", "Tom Hale"]
    assert choice.kinds == ["person", "person"]
    assert choice.origin_credit == "Xinhua"


def test_agency_as_the_only_author_is_typed_as_wire():
    zone = HeaderZone(before="", after="By Xinhua\nPublished: 2020-12-15")
    choice = choose_authors(read_json_ld(EMPTY_TREE), read_meta_tags(EMPTY_TREE), zone, EMPTY_TREE, "")
    assert choice.authors == ["Xinhua"]
    assert choice.kinds == ["wire"]
    assert choice.origin_credit == "Xinhua"


def test_staff_credit_is_an_organisation():
    zone = HeaderZone(before="", after="By Global Times staff")
    choice = choose_authors(read_json_ld(EMPTY_TREE), read_meta_tags(EMPTY_TREE), zone, EMPTY_TREE, "")
    assert choice.kinds == ["organization"]


def authors_of(head: str, body: str = ""):
    """choose_authors on a page with this head and body, nothing shown by a headline."""
    tree = html.fromstring(f"<html><head>{head}</head><body>{body}<p>text</p></body></html>")
    return choose_authors(read_json_ld(tree), read_meta_tags(tree), None, tree, "")


def test_person_on_the_page_beats_the_publisher_named_as_author_in_markup():
    choice = authors_of('<script type="application/ld+json">{"@type": "Article", "author": '
                        '{"@type": "Organization", "name": "Heart Foundation"}}</script>',
                        '<span class="author-name">Tracy Parker</span>')
    assert choice.byline == "Tracy Parker"
    assert any(a["value"] == "Heart Foundation" for a in choice.alternatives)


def test_markup_names_are_kept_as_written():
    assert authors_of('<meta name="author" content="kirstin boatto">').byline == "kirstin boatto"


def test_where_reporters_filed_from_is_not_part_of_their_names():
    assert clean_byline("By Mao Weihua in Urumqi | chinadaily.com.cn | Updated: 2020-12-15 10:22") == \
        "Mao Weihua"
    assert clean_byline("By Li Wen in Beijing and Tom Hale in Hong Kong") == "Li Wen and Tom Hale"


def marked_credits(body: str) -> list[str]:
    return page_credits(html.fromstring(f"<html><body>{body}<p>text</p></body></html>"))[0]


@pytest.mark.parametrize("box, name", [
    # the child classed as the name, glued to the role by the template
    ('<div class="article__author"><span class="article__author__name">Mateusz Haberny</span>'
     '<span class="article__author__position">Founder at Oakywood</span></div>', "Mateusz Haberny"),
    # the link to the writer's page, beside the outlet, a label or the role
    ('<div class="byline-section"><a href="/staff/2648209001/brian-truitt/">Brian Truitt</a> '
     '<span class="credit">USA TODAY</span></div>', "Brian Truitt"),
    ('<div class="author-byline"><a href="/author/helpnet/">Help Net Security</a> '
     '<span>Sponsored</span></div>', "Help Net Security"),
    ('<div class="authors-data"><span>&amp;</span> <a href="/u/zackery-cuevas">Zackery Cuevas</a> '
     '<span>Writer, Hardware</span></div>', "Zackery Cuevas"),
])
def test_an_author_box_gives_the_name_without_the_role_outlet_or_label_beside_it(box, name):
    assert marked_credits(box)[0] == name


def test_an_author_box_listing_several_writers_gives_each_name():
    assert marked_credits(
        '<div class="article-byline__written-by"><strong>Written by</strong><br>'
        '<a href="/authors/adrien-ramirez">Adrien Ramirez</a>, 4+ years covering computer hardware<br>'
        '<a href="/authors/joanna-nelius">Joanna Nelius</a>, senior editor</div>') == \
        ["Adrien Ramirez and Joanna Nelius"]


def test_a_reviewer_in_the_same_box_is_not_credited_as_an_author():
    assert marked_credits(
        '<div class="mntl-bylines"><div><span>By</span> '
        '<a class="mntl-attribution__item-name" href="/contributors/0/">The Investopedia Team</a></div>'
        '<div><span>Reviewed by</span> <a class="mntl-attribution__item-name" href="/margaret-james">'
        'Margaret James</a></div></div>') == ["The Investopedia Team"]


def test_what_is_not_a_credit_in_a_byline_element():
    # a weekday left by the date, a topic link, a sign-in link whose class says "authorization"
    assert clean_byline("Sat, 20 Dec, 2025 - 06:36") == ""
    assert clean_byline("By Sunday Adams on Mar 3, 2025") == "Sunday Adams"
    assert marked_credits('<div class="byline"><a href="/tag/personal-finance">Personal finance</a> '
                          '<span>January 27, 2025</span></div>') == []
    assert marked_credits('<li class="link authorization-link"><a href="/login">Sign In</a></li>') == []
    # the footer's credit for making the site, in an element its template classes as a byline
    assert marked_credits('<div class="widgetItem cpBylineTS"><span class="cpBylineTextTS">Government'
                          ' Websites by <a href="https://civic.example.com">CivicPlus&reg;</a></span></div>') == []
    assert marked_credits('<p class="site-credit byline">Website design by Studio Nine</p>') == []
    # a writer whose role names websites is still credited
    assert marked_credits('<p class="byline">By Ana Ruiz, websites editor</p>') == ["Ana Ruiz, websites editor"]


def test_markup_author_fields_without_a_name_are_passed_over():
    choice = authors_of('<meta name="author" content="page.head.extra.author">'
                        '<meta property="article:author" content="262588213843476">',
                        '<span class="author-name">Tim Enwall</span>')
    assert choice.byline == "Tim Enwall"
    assert choice.source == "author-element"
    # a handle is a name as the page writes it
    assert authors_of('<meta name="author" content="sara.r.peter">').byline == "sara.r.peter"


def test_a_word_starting_with_by_is_no_byline_and_a_link_card_credits_another_page():
    assert clean_byline("Byte-Table Shuffles") == "Byte-Table Shuffles"
    assert not zone_bylines(HeaderZone(before="", after="Byte-Table Shuffles\nGreek folds use lookups."))
    assert marked_credits('<figure class="kg-bookmark-card"><span class="kg-bookmark-author">'
                          'Transfer Orbit</span></figure>') == []


def test_the_writer_a_twitter_card_names_and_no_cms_account():
    choice = authors_of('<meta name="twitter:label1" content="Written by">'
                        '<meta name="twitter:data1" content="Nawaz Dhandala">'
                        '<meta name="twitter:label2" content="Est. reading time">'
                        '<meta name="twitter:data2" content="8 minutes">')
    assert (choice.byline, choice.source) == ("Nawaz Dhandala", "meta")
    assert authors_of('<meta name="author" content="admin">').byline is None
    assert authors_of('<script type="application/ld+json">{"@type": "Article", "author": '
                      '{"@type": "Person", "name": "undefined"}}</script>').byline is None
    assert authors_of("", '<span class="author">Webmaster</span>').byline is None


def test_a_byline_led_by_its_date():
    assert clean_byline("Dec. 19, 2025 · Niko Matsakis on behalf of the Launching Pad") == "Niko Matsakis"
    assert clean_byline("Dec 19, 2025 10:22 GMT by Jane Doe") == "Jane Doe"
    assert clean_byline("2024-03-05 6:30 pm · Wang Lei") == "Wang Lei"
    assert clean_byline("March 3, 2024 | Updated March 5, 2024") == ""
    assert clean_byline("Authored by: Dr. Ehsan Jazini") == "Dr. Ehsan Jazini"


def test_an_honorific_is_no_sentence_and_a_writer_page_link_credits_its_writer():
    assert authors_of("", '<div class="post_author"><strong>By <a href="/team/dr-vahid-osman">'
                      'Dr. Vahid Osman</a></strong> - Mar 27, 2024</div>').byline == "Dr. Vahid Osman"
    choice = authors_of("", '<div class="post-meta">By: <a href="/author/ray/">Ray Ansari</a></div>'
                        '<a href="/people/xi-jinping/">Xi Jinping</a>')
    assert (choice.byline, choice.source) == ("Ray Ansari", "author-element")
    # a page about a person the article covers is no writer's page
    assert authors_of("", '<a href="/people/xi-jinping/">Xi Jinping</a>').byline is None


def test_a_credit_label_gives_the_name_in_the_element_beside_it():
    assert page_credits(html.fromstring(
        "<html><body><div><h3>Published</h3><p>August 30, 2024</p></div>"
        "<div><h3>Author</h3><p> Lisa D. Ellis</p></div></body></html>"))[1] == ["Lisa D. Ellis"]
    assert page_credits(html.fromstring(
        "<html><body><h2>Article by</h2><div>Matias Heikkilä</div></body></html>"))[1] == ["Matias Heikkilä"]
    # a label followed by prose is no credit
    assert page_credits(html.fromstring(
        "<html><body><h3>Author</h3><p>This guide was written over many years by our team.</p>"
        "</body></html>"))[1] == []


def test_a_writer_page_link_in_a_sentence_a_menu_or_after_another_label_credits_no_one():
    for body in ('<p>Meditation is simpler than it looks, says yoga therapist '
                 '<a href="/departments/staff/wilgus-holly">Holly Wilgus</a>.</p>',
                 '<nav><ul class="menu"><li class="menu-item"><a href="/author/xavierlo/">'
                 'Hong Kong Actuary</a></li></ul></nav>',
                 '<ul><li><strong>Contact:</strong> <a href="/authors/directory/ron-sands">'
                 'Ron Sands</a></li></ul>'):
        assert authors_of("", body).byline is None, body
    # a "nav" or "menu" class far up is a page wrapper, not a menu
    page = ('<div class="amasty-mega-menu"><div><div><div><div class="post-meta">'
            'By: <a href="/author/ray/">Ray Ansari</a></div></div></div></div></div>')
    assert authors_of("", page).byline == "Ray Ansari"


def test_a_name_opening_the_date_line_under_the_headline_is_its_byline():
    zone = HeaderZone(before="", after="Aaron Ricadela | Senior Writer | July 2, 2025\nAI is changing care.")
    assert zone_bylines(zone) == ["Aaron Ricadela"]
    # a line without a date, a one-word section, or further down, credits no one
    for after in ("Aaron Ricadela | Senior Writer", "Health | July 2, 2025",
                  "A long standfirst.\nMore of it here.\nAaron Ricadela | July 2, 2025"):
        assert zone_bylines(HeaderZone(before="", after=after)) == [], after


def test_writer_links_are_looked_at_only_near_the_top():
    prose = "".join(f'<p>Read more from <a href="/author/w{i}/">Writer Number</a> here.</p>' for i in range(12))
    credit = '<div class="post-meta">By: <a href="/author/ray/">Ray Ansari</a></div>'
    assert authors_of("", credit + prose).byline == "Ray Ansari"
    # an index of writers costs a bounded number of checks: past twelve links, none is read
    assert authors_of("", prose + credit).byline is None
