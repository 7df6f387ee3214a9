"""The main-text rules: what counts as the page's visible text, when trafilatura's recall
pass is tried and kept, and how a declared articleBody is read."""

from lxml import html

from flows.metadata.text import (
    MainText,
    declared_text,
    main_text,
    needs_second_pass,
    takes_second_pass,
    visible_text_length,
)


def test_visible_text_leaves_out_scripts_styles_templates_and_comments():
    tree = html.fromstring(
        "<html><head><title>Not in the body</title></head><body> Intro "
        "<script>var hidden = 1;</script>after script "
        "<style>p {color: red}</style><noscript>enable js</noscript>"
        "<template><p>later</p></template><!-- a comment --><p> Shown <b>bold</b> </p></body></html>")
    # "Intro", "after script", "Shown", "bold": a hidden element's tail is visible text
    assert visible_text_length(tree) == len("Intro") + len("after script") + len("Shown") + len("bold")


def test_second_pass_is_tried_when_the_first_keeps_under_45_percent_of_the_page():
    assert needs_second_pass("", 5000)
    assert needs_second_pass("x" * 2000, 5000)  # 40 % of the visible text
    assert not needs_second_pass("x" * 2300, 5000)  # 46 %
    # a text of 5,000 characters is a whole article, whatever else the page shows
    assert needs_second_pass("x" * 4900, 30000)
    assert not needs_second_pass("x" * 5000, 30000)


def test_second_pass_is_kept_only_when_clearly_longer():
    assert takes_second_pass("x" * 1000, "y" * 1200)
    assert not takes_second_pass("x" * 1000, "y" * 1150)
    assert takes_second_pass("", "y" * 10)
    assert not takes_second_pass("x" * 1000, "")


def test_declared_text_keeps_paragraphs_and_reads_entities():
    body = "<p>First &amp; foremost,   the council voted.</p><p>Buses run <em>every</em> 20 minutes.</p>"
    assert declared_text(body) == "First & foremost, the council voted.\nBuses run every 20 minutes."
    assert declared_text("Line one.\n\n  Line two.  ") == "Line one.\nLine two."


def test_a_short_page_kept_whole_by_the_first_pass_needs_no_second():
    tree = html.fromstring("<html><body><div>Short note.</div></body></html>")
    assert main_text(tree, "https://news.example.org/note") == MainText("Short note.", "trafilatura")


def test_a_page_without_text_says_so():
    tree = html.fromstring("<html><body><p>   </p></body></html>")
    assert main_text(tree, "https://news.example.org/blank") == MainText("", "none")
