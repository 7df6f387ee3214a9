"""URL identity: normalization, article keys, outlets.

NORMALIZER_VERSION is stored beside every key. Changing any rule here must bump it, so a
change never silently rewrites stored identities (stored keys keep the version that made
them; `drumbeat rekey` would be the place to migrate them). The rules are written out here
rather than taken from a library so that a library upgrade cannot change keys either.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import tldextract

NORMALIZER_VERSION = 1

# Query parameters that only say how a reader arrived: campaign tags, click ids, share
# widgets. Removing them is what makes two links to one article one article.
_TRACKING_EXACT = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "ocid",
    "cmpid", "_ga", "_gl", "ncid", "sr_share", "share", "spm", "scm", "from", "ref",
    "ref_src", "referrer", "smid", "smtyp", "icid", "amp", "s_cid", "guccounter",
    "guce_referrer", "guce_referrer_sig", "xtor", "wt.mc_id", "soc_src", "soc_trk",
})  # deliberately not "id", "cid", "source", "src": some sites put the article id there
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_", "itm_", "__twitter")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MOBILE_HOST = re.compile(r"^(?:m|mobile|amp|wap|touch)\.", re.I)
_AMP_PATH = re.compile(r"(?:/amp(?=/|$)|\.amp(?=\.html?$|$))", re.I)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


class BadURL(ValueError):
    """A URL we cannot fetch or key: said in one line."""


def _clean_path(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path) or "/"
    # Decode what need not be encoded and re-encode the rest, so %7E and ~ are one path.
    return quote(unquote(path), safe=_SAFE_PATH)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def normalize_url(url: str, base: str | None = None) -> str:
    """The fetchable form: absolute http(s), lower-case host, no default port, no fragment,
    no tracking parameters, remaining parameters sorted."""
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise BadURL(f"unparseable URL {url[:200]!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise BadURL(f"not an http(s) URL: {url[:200]!r}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise BadURL(f"URL without a host: {url[:200]!r}")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
        port = parts.port
    except (UnicodeError, ValueError) as exc:
        raise BadURL(f"bad host or port in {url[:200]!r}: {exc}") from None
    netloc = f"[{host}]" if ":" in host else host
    if port and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _is_tracking(k)]
    return urlunsplit((scheme, netloc, _clean_path(parts.path), urlencode(sorted(query)), ""))


def url_key(url: str) -> str:
    """The identity of the article a URL points to (see NORMALIZER_VERSION).

    Beyond normalize_url it folds the variants one article is served under: http and https,
    www., mobile and AMP hosts, /amp paths. The key is for identity, never for fetching.
    """
    parts = urlsplit(normalize_url(url))
    host = parts.netloc
    if host.startswith("www."):
        host = host[4:]
    host = _MOBILE_HOST.sub("", host)
    path = _AMP_PATH.sub("", parts.path) or "/"
    return urlunsplit(("https", host, path, parts.query, ""))


def canonical_from_page(page_canonical: str | None, final_url: str) -> str:
    """rel=canonical counts only on the same registered domain (a page cannot claim another
    site's identity); otherwise the final URL is the identity."""
    if page_canonical:
        try:
            candidate = normalize_url(page_canonical, base=final_url)
        except BadURL:
            return normalize_url(final_url)
        if outlet_of(candidate) == outlet_of(final_url):
            return candidate
    return normalize_url(final_url)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() uses the Public Suffix List snapshot inside the package: no download.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def outlet_of(url: str) -> str:
    """The registered domain ("chinadaily.com.cn"), or the bare host for IPs and localhost."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return ""
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or "").lower()


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)
