"""Turn a page's bytes into text, trusting the bytes over what the headers claim.

Servers often declare iso-8859-1 (the old HTTP default) for pages that are UTF-8, and
pages copied between systems keep a <meta charset> that no longer matches. Bytes that
are valid UTF-8 and contain multi-byte sequences are UTF-8 in practice: text in a
legacy single-byte encoding almost never forms valid UTF-8 sequences by chance.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from ftfy import fix_encoding

# How far into the page a <meta charset> may sit: the HTML standard requires it within
# the first 1024 bytes; real pages put scripts and comments first, so look further.
META_CHARSET_WINDOW = 8192
# charset_normalizer is slow on big pages; the start and end of a page carry enough
# text to tell encodings apart (the same split trafilatura uses).
DETECTION_SAMPLE = 5000

META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The WHATWG encoding standard decodes these labels as windows-1252; browsers do too,
# so curly quotes in 0x80-0x9F come out as the author saw them.
WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1",
                                  "us-ascii", "ascii", "iso_8859-1", "cp819", "ibm819"})


@dataclass(frozen=True, slots=True)
class DecodedPage:
    text: str
    encoding: str
    source: str  # "bom", "utf-8-valid", "header", "meta", "detected", "replacement"


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a declared label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def meta_charset(body: bytes) -> str | None:
    match = META_CHARSET.search(body[:META_CHARSET_WINDOW])
    return match.group(1).decode("ascii", "ignore") if match else None


def _try_decode(body: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        if encoding == "cp1252":  # five bytes are undefined in cp1252, all of them in latin-1
            return body.decode("latin-1")
        return None


def _detect(body: bytes) -> str | None:
    sample = body if len(body) < 2 * DETECTION_SAMPLE else body[:DETECTION_SAMPLE] + body[-DETECTION_SAMPLE:]
    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def decode_body(body: bytes, declared_charset: str | None = None) -> DecodedPage:
    """Decode with the first rule that holds: BOM, valid UTF-8, header, <meta>, detection."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            text = _try_decode(body, encoding)
            if text is not None:
                return DecodedPage(text, encoding, "bom")
    try:
        return DecodedPage(body.decode("utf-8"), "utf-8", "utf-8-valid")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a UTF-8 label here is the wrong one, so it is skipped.
    for label, source in ((declared_charset, "header"), (meta_charset(body), "meta")):
        encoding = normalize_charset(label)
        if encoding and encoding != "utf-8":
            text = _try_decode(body, encoding)
            if text is not None:
                return DecodedPage(text, encoding, source)
    encoding = normalize_charset(_detect(body))
    text = _try_decode(body, encoding)
    if text is not None:
        return DecodedPage(text, encoding or "", "detected")
    return DecodedPage(body.decode("utf-8", errors="replace"), "utf-8", "replacement")


# What UTF-8 read as Latin-1 or Windows-1252 looks like: a lead byte's character (Â to ô)
# and then a continuation byte's (a C1 control, a Latin-1 sign, or cp1252's € ‚ ‘ ’ “ ” •
# – — ™ and kin). Ordinary accented text almost never has this pair; pages that were
# decoded right but hold text someone stored mis-decoded ("Investorâ\x80\x99s") do.
MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                      "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                      "\u2039\u203a\u20ac\u2122]")


def repair_mojibake(text: str | None) -> str | None:
    """Text with mis-decoded UTF-8 put right ("JaroÅ\x84" -> "Jaroń"), by ftfy; other text
    as it is. The pattern check keeps ftfy (milliseconds on a page) off clean text."""
    if not text or not MOJIBAKE.search(text):
        return text
    return fix_encoding(text)
