"""Language: detected on the text; the page's declaration is the fallback."""

from flows.metadata.language import choose_language, day_first_for, detect_language

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
