"""The language of the article: detected on its text, declared by the page as a fallback.

Templates declare a site-wide language (a Chinese outlet's English edition declaring
"zh", a CMS default of "en-US" on every page), so the text decides when it is long
enough to be sure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml.html import HtmlElement
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from flows.metadata.meta_tags import MetaTags

# Below this many characters the classifier guesses; 200 characters is two sentences.
MIN_TEXT_FOR_DETECTION = 200
# The start of an article is enough to tell its language and keeps the cost flat.
DETECTION_SAMPLE = 3000
# Probability over which the detected language overrides the page's declaration.
SURE_DETECTION = 0.9
LOCALE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?")
# Regions that write numeric dates month first.
MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "pw", "mh"})


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    language: str | None
    source: str | None  # "text", "html-lang", "meta", "hint"
    confidence: float | None


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The classifier shipped inside py3langid, loaded once per process (read-only)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def declared_locale(tree: HtmlElement, meta: MetaTags) -> tuple[str | None, str | None]:
    """(locale as written, where it was found): <html lang>, then meta declarations."""
    root_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if root_lang and LOCALE.match(root_lang.strip()):
        return root_lang.strip(), "html-lang"
    for key in ("content-language", "og:locale", "language", "dc.language", "inlanguage"):
        value = meta.first(key)
        if value and LOCALE.match(value.strip()):
            return value.strip(), f"meta:{key}"
    return None, None


def regional_locale(locale: str | None, meta: MetaTags) -> str | None:
    """The declared locale with its region: <html lang="en"> says English, and an
    og:locale or Content-Language of "en_US" on the same page says which English, and so
    which order its numeric dates are written in."""
    match = LOCALE.match(locale.strip()) if locale else None
    if match is None or match.group(2):
        return locale
    for key in ("og:locale", "content-language"):
        value = meta.first(key)
        other = LOCALE.match(value.strip()) if value else None
        if other and other.group(2) and other.group(1).lower() == match.group(1).lower():
            return value.strip()
    return locale


def language_code(locale: str | None) -> str | None:
    match = LOCALE.match(locale.strip()) if locale else None
    return match.group(1).lower() if match else None


def day_first_for(locale: str | None) -> bool | None:
    """Whether numeric dates on a page in this locale put the day first; None if unknown."""
    match = LOCALE.match(locale.strip()) if locale else None
    if not match:
        return None
    language, region = match.group(1).lower(), (match.group(2) or "").lower()
    if region:
        return region not in MONTH_FIRST_REGIONS
    return None if language == "en" else True


def detect_language(text: str) -> tuple[str, float] | None:
    sample = text[:DETECTION_SAMPLE]
    if len(sample) < MIN_TEXT_FOR_DETECTION:
        return None
    language, probability = _identifier().classify(sample)
    return language, float(probability)


def choose_language(text: str, declared: str | None, declared_source: str | None,
                    hinted: str | None = None) -> LanguageChoice:
    detected = detect_language(text)
    declared_code = language_code(declared)
    if detected is not None:
        language, probability = detected
        if probability >= SURE_DETECTION or declared_code in (None, language):
            confidence = probability if declared_code != language else max(probability, 0.99)
            return LanguageChoice(language, "text", round(confidence, 3))
    if declared_code:
        return LanguageChoice(declared_code, declared_source, 0.7)
    if hinted:
        return LanguageChoice(language_code(hinted), "hint", 0.5)
    if detected is not None:
        return LanguageChoice(detected[0], "text", round(detected[1], 3))
    return LanguageChoice(None, None, None)
