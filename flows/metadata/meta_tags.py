"""The page's <meta> tags (OpenGraph, article:*, Dublin Core, itemprop, ...) in one pass."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

# Names and properties are case-insensitive in practice ("DC.date.issued", "dc.date.issued").
KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")


@dataclass(frozen=True, slots=True)
class MetaTags:
    """Meta tag contents by lower-cased key, in page order."""

    values: dict[str, list[str]]

    def first(self, *keys: str) -> str | None:
        for key in keys:
            found = self.values.get(key)
            if found:
                return found[0]
        return None

    def all(self, *keys: str) -> list[tuple[str, str]]:
        """(key, value) for every listed key present, in the order of keys."""
        return [(key, value) for key in keys for value in self.values.get(key, ())]


def read_meta_tags(tree: HtmlElement) -> MetaTags:
    values: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        content = " ".join(content.split())
        if not content:
            continue
        for attribute in KEY_ATTRIBUTES:
            key = element.get(attribute)
            if key:
                # property="og:title article:tag" is rare but legal (RDFa lists terms)
                for term in key.lower().split():
                    values.setdefault(term, []).append(content)
                break
    return MetaTags(values)
