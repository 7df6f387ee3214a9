"""Language: detected on the text; the page's declaration is the fallback."""

from lxml import html

from flows.metadata.language import choose_language, day_first_for, detect_language, regional_locale
from flows.metadata.meta_tags import read_meta_tags

FRENCH = ("Le nouveau marché couvert de la coopérative a ouvert ses portes samedi matin, en "
          "présence de plusieurs centaines d'habitants venus découvrir les étals de la vallée. "
          "Selon le président, le bâtiment permettra aux producteurs de vendre toute l'année.")


def test_text_overrides_a_wrong_declaration():
    choice = choose_language(FRENCH, "en-US", "html-lang")
    assert (choice.language, choice.source) == ("fr", "text")


def test_short_text_falls_back_to_the_declaration():
    choice = choose_language("Bonjour.", "fr-FR", "html-lang")
    assert (choice.language, choice.source) == ("fr", "html-lang")
    assert detect_language("Bonjour.") is None


def test_locale_decides_the_order_of_numeric_dates():
    assert day_first_for("en-US") is False
    assert day_first_for("en-GB") is True
    assert day_first_for("de") is True
    assert day_first_for("en") is None


def meta_of(tags: str):
    return read_meta_tags(html.fromstring(f"<html><head>{tags}</head><body></body></html>"))


def test_a_meta_locale_gives_the_region_the_html_lang_leaves_out():
    us = meta_of('<meta property="og:locale" content="en_US">')
    assert regional_locale("en", us) == "en_US"
    assert day_first_for(regional_locale("en", us)) is False
    # the html lang's own region stands; another language's region says nothing of this one
    assert regional_locale("en-GB", us) == "en-GB"
    assert regional_locale("en", meta_of('<meta property="og:locale" content="fr_FR">')) == "en"
    assert regional_locale("en", meta_of('<meta http-equiv="content-language" content="en-AU">')) == "en-AU"
    assert regional_locale(None, us) is None
