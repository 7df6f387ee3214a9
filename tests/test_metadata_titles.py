"""Titles: the headline the page shows, without the site name glued onto it."""

from lxml import html

from flows.metadata.evidence import Candidate
from flows.metadata.layout import element_text, find_headline
from flows.metadata.titles import (
    choose_title,
    plain_quotes,
    site_names,
    strip_branding,
    strip_pipe_labels,
)

NAMES = site_names(["Northern Ledger"], "https://www.northernledger.example/news/wind")


def test_site_name_is_stripped_from_either_end():
    assert strip_branding("Wind farms spread | Northern Ledger", NAMES) == "Wind farms spread"
    assert strip_branding("Northern Ledger - Wind farms spread", NAMES) == "Wind farms spread"
    assert strip_branding("Wind farms spread – Opinion – Northern Ledger", NAMES) == "Wind farms spread – Opinion"


def test_hyphenated_words_and_colons_in_headlines_survive():
    title = "Wi-Fi 7 routers: what changes for e-commerce sites"
    assert strip_branding(title, NAMES) == title


def test_host_name_counts_as_branding():
    names = site_names([], "https://www.fool.com/investing/cloud-stocks")
    assert strip_branding("Best Cloud Computing Stocks of 2025 | The Motley Fool", names) == \
        "Best Cloud Computing Stocks of 2025"
    # the domain glued on without a separator; another domain is part of the headline
    names = site_names([], "https://davidbau.com/archives/2025/12/16/vibe_coding.html")
    assert strip_branding("davidbau.com Vibe Coding", names) == "Vibe Coding"
    assert strip_branding("Amazon.com Sales Beat Forecasts", names) == "Amazon.com Sales Beat Forecasts"


def test_shown_headline_wins_when_a_signal_confirms_it():
    signals = [Candidate("Wind farms spread along the corridor | Northern Ledger", "og:title", 0.85),
               Candidate("Wind farms spread along the corridor – Northern Ledger", "title", 0.6)]
    choice = choose_title(signals, "Wind farms spread along the corridor", "h1", NAMES)
    assert choice.title == "Wind farms spread along the corridor"
    assert choice.source == "h1"
    assert choice.confidence >= 0.9
    assert {a["source"] for a in choice.alternatives} >= {"og:title", "title", "h1"}


def test_a_logo_in_h1_is_not_a_title():
    signals = [Candidate("Our favourite cycling routes in the valley", "og:title", 0.85)]
    choice = choose_title(signals, "Northern Ledger", "h1", NAMES)
    assert choice.title == "Our favourite cycling routes in the valley"


def test_all_caps_headline_takes_the_casing_of_a_matching_signal():
    signals = [Candidate("Tips for Online Success", "og:title", 0.85)]
    assert choose_title(signals, "TIPS FOR ONLINE SUCCESS", "h1", NAMES).title == "Tips for Online Success"


def test_typographic_apostrophes_become_plain():
    signals = [Candidate("Here’s how the port reopened", "og:title", 0.85)]
    assert choose_title(signals, "Here’s how the port reopened", "h1", NAMES).title == \
        "Here's how the port reopened"


def test_headline_element_is_the_heading_matching_the_title_signals():
    tree = html.fromstring(
        "<html><body><h1>Northern Ledger</h1><div><h2>Most read</h2>"
        "<h1>Wind farms spread along the corridor</h1></div></body></html>")
    headline = find_headline(tree, ["Wind farms spread along the corridor | Northern Ledger"])
    assert element_text(headline) == "Wind farms spread along the corridor"


def test_a_lesser_heading_must_repeat_the_title_exactly():
    tree = html.fromstring(
        "<html><body><h2>What is social commerce?</h2><h2>Related</h2></body></html>")
    assert find_headline(tree, ["An introduction to social commerce: what is social commerce?"]) is None
    assert find_headline(tree, ["What is social commerce?"]).text == "What is social commerce?"


def test_line_breaks_inside_a_headline_become_spaces():
    tree = html.fromstring("<h1>Top programmes (US)<br>Your guide to <b>fees</b></h1>")
    assert element_text(tree) == "Top programmes (US) Your guide to fees"


def test_short_labels_after_a_pipe_are_not_part_of_the_title():
    assert strip_pipe_labels("How meditation rewires brains | Opinion") == "How meditation rewires brains"
    assert strip_pipe_labels("How to help toddlers sleep through the night | Patient Education | "
                             "UC Davis Children's Hospital") == "How to help toddlers sleep through the night"
    long_tail = "Top 10 Digital Cameras of 2025 | The Best Mirrorless Cameras on the Market"
    assert strip_pipe_labels(long_tail) == long_tail
    assert strip_pipe_labels("Tools | Python, SQL & AI") == "Tools | Python, SQL & AI"  # no headline left


def test_a_year_or_a_hyphenated_by_in_the_headline_is_part_of_it():
    for headline, signal in (
            ("2025 Software Development Price Guide", "Software Development Price Guide"),
            ("House Renovation Costs in the Bay Area: Room-by-Room Breakdown",
             "House Renovation Costs in the Bay Area"),
            ("Best High School Tutors in 2025, Reviewed by a Student", "Best High School Tutors in 2025")):
        choice = choose_title([Candidate(signal, "og:title", 0.85)], headline, "h1", NAMES)
        assert choice.title == headline


def test_a_date_or_byline_inside_the_headline_is_not_part_of_it():
    for headline in ("Dec 18 2025 Preparing a transition in Debusine",
                     "Preparing a transition in Debusine by Jane Roe"):
        signals = [Candidate("Preparing a transition in Debusine", "og:title", 0.85)]
        assert choose_title(signals, headline, "h1", NAMES).title == "Preparing a transition in Debusine"


def test_full_width_punctuation_is_ascii_in_latin_titles_only():
    assert plain_quotes("How Does Robot Vacuum Mapping Work？") == "How Does Robot Vacuum Mapping Work?"
    assert plain_quotes("Investor’s guide") == "Investor's guide"
    # a Chinese headline's punctuation is its own
    assert plain_quotes("新疆棉花丰收？记者探访") == "新疆棉花丰收？记者探访"
