"""A realistic local news site for end-to-end tests and benchmarks.

"Tianshan Daily" is served on 127.0.0.1 by a standard-library ThreadingHTTPServer. Its
content is invented and deterministic (tests/support/newsite_content.py): the same pages,
feeds and figures on every run, so tests can assert exactly what a run must store.

Usage::

    from tests.support.newsite import NewsSite, HOSTILE

    with NewsSite() as site:                 # or site = NewsSite(); site.start(); site.stop()
        site.base_url                        # "http://127.0.0.1:PORT"
        site.articles                        # the /news/ ArticleSpec list (25 by default)
        site.article("/news/2024/01/08/...") # one spec by path
        site.hits["/rss.xml"]                # Counter: path (no query) -> requests
        site.requests                        # [(method, path_with_query, headers), ...]
        site.request_times("/hostile/ratelimited.html")  # monotonic times of each request
        site.gdelt_requests                  # [(monotonic time, params dict), ...]
        site.add_article(spec); site.touch_feed()  # new content between runs

    NewsSite(latency=0.05, bulk_pages=1000)  # benchmark: /bulk/0.html ... /bulk/999.html

    python -m tests.support.newsite --port 8765 [--latency 0.05] [--bulk 1000]

Parameters: ``latency`` (seconds added before every response), ``article_count`` (None:
the 25 articles; fewer: the first N; more: filler articles appended, listed in the RSS
feed and the sitemaps), ``bulk_pages``, ``slow_seconds`` (how long the slow endpoints
stall, default 5), ``gdelt_min_interval`` (None: never refuse; else answer 429 to GDELT
requests closer together than that, as GDELT does).

What the site serves
--------------------
/news/YYYY/MM/DD/<slug>.html   25 articles: 16 on topic (labor transfer, pre-job training,
                               industrial parks and poverty alleviation in Xinjiang; state
                               media and foreign viewpoints), 9 off topic (sports, weather,
                               tech, recipe, science, business, culture, markets). See
                               ARTICLE TABLE below. Every page carries boilerplate: cookie
                               banner, navigation (about 50 links), share buttons, related
                               stories, reader comments, newsletter box, footer.
/amp/news/2024/01/08/kashgar-moves-12000-rural-workers-into-factory-jobs.html
                               AMP variant of the first article; rel=canonical to it.
/news/index.html, /            section front linking every /news/ article.
/rss.xml, /atom.xml            RSS 2.0 (pubDate, dc:creator) and Atom feeds listing the
                               articles whose ``listed_in`` has "rss" / "atom" (they
                               overlap); ETag + Last-Modified, 304 on If-None-Match or
                               If-Modified-Since. The RSS feed also links /private/leaked.html.
/sitemap.xml (+ .xml.gz)       sitemap index -> /sitemap-news.xml (news sitemap: every on-topic
                               article, news:publication_date, news:title) and
                               /sitemap-pages.xml (every /news/ article + index, lastmod).
/robots.txt                    User-agent: * / Disallow: /private/ / Sitemap: line.
/api/v2/doc/doc                GDELT DOC 2.0 "artlist" lookalike over the articles that have a
                               ``gdelt_seen`` (see gdelt_articles()); query syntax: words
                               (all must match title or text), "quoted phrases", (a OR b),
                               -negation; sourcelang:/sourcecountry:/domain: filters are
                               accepted and ignored. maxrecords (default 75, max 250),
                               startdatetime / enddatetime (YYYYMMDDHHMMSS, inclusive, on
                               seendate), timespan (e.g. 3months, relative to GDELT_NOW),
                               sort=datedesc|dateasc (default datedesc). No match answers
                               "{}" as GDELT does. A query containing "brokenjson" answers
                               200 text/html with a plain-text error.
/lists/urls.txt                plain URL list: absolute URLs, blank lines, # comments, one
                               relative line ("news/not-a-full-url.html") and one invalid
                               line ("htp:/broken url with spaces").
/lists/hostile.txt             every HOSTILE path as an absolute URL.
/hostile/..., /private/...     see HOSTILE below.
/feeds/broken.xml, /feeds/bomb.xml, /feeds/slow.xml   see HOSTILE_FEEDS below.
/bulk/N.html, /bulk/urls.txt   only with bulk_pages=N.
anything else                  404 (an HTML error page).

Responses are gzip-compressed when the client accepts gzip (except the hostile ones, which
send exactly what they document). The server speaks HTTP/1.1 with keep-alive.

Duplicates and identity
-----------------------
``site.tracking_variants`` lists (url as listed, where, clean path) for the URLs that the
feeds and lists give with tracking parameters or fragments: the first article as
?utm_source=rss&utm_medium=feed (RSS) and ?fbclid=... (Atom) and its AMP page (urls.txt),
the researchers' story a second time in the RSS feed as ?utm_source=..&fbclid=..#comments
with an "UPDATE: " title, and the numbers analysis as ...#comments (urls.txt). The server
ignores query strings, and each page's canonical (when it has one) is the clean path. Copies of the Kashgar wire story: a verbatim republication (same body, Source:
Xinhua info bar, rel=canonical to the agency on another site: wire.example.com), a trimmed
copy with a new headline, and a February re-run with changed figures (12,000 -> 15,000
workers, wages 2,800-3,600 -> 3,000-3,800 yuan, trainees 120,000 -> 130,000). Their
``expected`` carries duplicate_of / near_duplicate_of.

ARTICLE TABLE (topic, markup style, where listed besides the sitemaps, expected status,
path; every /news/ article is in /sitemap-pages.xml and on /news/index.html, every on-topic
one in /sitemap-news.xml; chain-end.html is reached through /hostile/chain.html):

  on  jsonld    rss,atom,gdelt  stored            /news/2024/01/08/kashgar-moves-12000-rural-workers-into-factory-jobs.html
  on  infobar   gdelt,urls      duplicate         /news/2024/01/09/kashgar-factory-jobs-xinhua.html
  on  opengraph rss             stored            /news/2024/01/11/factory-jobs-draw-thousands-of-kashgar-farmers.html
  on  graph     gdelt,urls      stored            /news/2024/02/19/kashgar-job-drive-15000-rural-workers.html
  on  timeonly  rss             stored            /news/2024/01/15/hotan-pre-job-training-center-sewing-classes.html
  on  graph     atom,gdelt      stored            /news/2024/01/22/kokterek-industrial-park-electronics-plant.html
  on  jsonld    rss,gdelt       stored            /news/2024/01/29/xinjiang-transferred-2-8-million-rural-laborers-2023.html
  on  opengraph rss,atom,gdelt  stored            /news/2024/02/05/researchers-say-xinjiang-labor-transfers-rely-on-quotas.html
  on  jsonld    atom,gdelt      stored            /news/2024/02/12/brands-audit-suppliers-over-xinjiang-labor-programs.html
  on  timeonly  rss             stored            /news/2024/02/08/jobs-programs-in-xinjiang-are-about-choice.html
  on  jsonld    rss,gdelt       stored            /news/2024/02/15/aksu-garment-worker-buys-new-home.html
  on  graph     atom            stored            /news/2024/02/26/hotan-workers-head-to-fujian-shoe-factories.html
  on  opengraph atom            stored            /news/2024/03/04/hotan-breeding-park-puts-villagers-on-payroll.html
  on  jsonld    gdelt,urls      stored            /news/2024/03/07/the-numbers-behind-xinjiangs-job-drive.html
  on  infobar   rss             stored            /news/2024/03/18/kashgar-expands-pre-job-training-spring-hiring.html
  on  timeonly  atom            stored            /news/2024/03/25/livestreaming-classes-help-hotan-villagers-sell-walnuts.html
  off opengraph rss             off-topic         /news/2024/01/14/aviators-beat-royal-falcons-in-overtime.html
  off infobar   rss             off-topic         /news/2024/01/16/cold-wave-to-sweep-northern-china.html
  off graph     atom            off-topic         /news/2024/01/23/lumio-x9-flagship-phone-on-device-ai.html
  off timeonly  atom            off-topic         /news/2024/01/27/recipe-braised-beef-noodle-soup.html
  off jsonld    urls            off-topic         /news/2024/02/07/brenner-header-gives-rotterdam-edge.html
  off opengraph urls            off-topic         /news/2024/02/23/lunar-orbiter-enters-working-orbit.html
  off jsonld    gdelt,urls      off-topic         /news/2024/03/04/voltaris-breaks-ground-on-changzhou-battery-plant.html
  off graph     urls            off-topic         /news/2024/03/09/ancient-silk-textiles-exhibition-hangzhou.html
  off timeonly  rss,atom        off-topic         /news/2024/03/21/yuan-steadies-as-central-bank-holds-rates.html
  on  jsonld    hostile         stored            /hostile/flaky.html
  on  opengraph hostile         stored            /hostile/ratelimited.html
  on  graph     hostile         stored            /hostile/chain-end.html
  on  jsonld    hostile         stored            /hostile/latin1.html
  on  opengraph rss,hostile     robots-disallowed /private/leaked.html

Hostile responses (HOSTILE: path -> final status; all listed in /lists/hostile.txt)
-----------------------------------------------------------------------------------
flaky.html and ratelimited.html fail on the first GET since start() or reset_counters(),
then serve their article. ratelimited's 429 carries Retry-After: 1; request_times() shows
whether the client waited. slow.html stalls before sending anything (slow_seconds, 5 by
default: set the client read timeout to 1 s). loop.html redirects to loop2.html and back
for ever. chain.html goes 301 -> chain-2.html, 302 -> chain-3.html (absolute Location),
307 -> chain-end.html, which serves an article (HOSTILE_FINAL_URL). huge.html streams 50 MB
with chunked encoding; huge-declared.html announces Content-Length: 52428800. bomb.html is
about 1 MB of gzip (Content-Encoding: gzip) that inflates to 1 GiB. binary.html is a PNG
followed by random bytes, labelled text/html. latin1.html is UTF-8 (Chinese names, "¥",
em dashes, curly quotes) with <meta charset="utf-8"> but a header saying
charset=iso-8859-1; its expected text_contains holds the correctly decoded phrases.
empty.html has navigation, a search form and a footer only: no sentence anywhere
(trafilatura's default fallback returns ~45 link labels of one or two words; with
favor_precision=True it returns None). /private/leaked.html is a good on-topic article
that robots.txt forbids; the RSS feed links it.
HOSTILE_FEEDS: broken.xml is cut off inside the first <item> (no link in it); bomb.xml is a
billion-laughs DTD whose only item links BOMB_CANARY, so a request for the canary means
the entities were parsed; slow.xml sends headers and 100 bytes, then stalls.

Markup styles (ArticleSpec.style), as different CMSs produce them:
  jsonld     JSON-LD NewsArticle + OpenGraph; <title>"Headline - Tianshan Daily"; visible
             byline "By A and B, Xinhua" and <time datetime>.
  graph      Yoast-like JSON-LD @graph (authors are @id references to Person nodes);
             <title>"Headline | Tianshan Daily"; the visible date is the *updated* time.
  opengraph  no JSON-LD: og:* + article:published_time + article:author + meta author;
             <title>"Headline - Xinjiang - Tianshan Daily"; visible "Published Jan 11, 2024".
  timeonly   no date meta at all, only <time datetime> in the article header; visible
             byline; <title>"Headline - Tianshan Daily".
  infobar    Chinese portal layout: "Source: Xinhua | 2024-01-09 08:15:00 | Editor: ..."
             (no offset on the page), meta publishdate; <title>"Headline_Tianshan Daily".
Canonical (ArticleSpec.canonical): absolute (default), relative (href="/news/..."), none,
external (the verbatim wire copy points to the agency's URL on another site).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import io
import json
import random
import re
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

try:
    from . import newsite_content as content
except ImportError:  # run as a script
    import newsite_content as content  # type: ignore[no-redef]

ArticleSpec = content.ArticleSpec
SITE_NAME = content.SITE_NAME
STYLES = ("jsonld", "graph", "opengraph", "timeonly", "infobar")

# Final status every hostile URL must end with (listed in /lists/hostile.txt).
HOSTILE: dict[str, str] = {
    "/hostile/slow.html": "timeout",  # stalls slow_seconds (5) before sending headers
    "/hostile/flaky.html": "stored",  # first GET: 500; later GETs: a good on-topic article
    "/hostile/ratelimited.html": "stored",  # first GET: 429 + Retry-After: 1; then an article
    "/hostile/always500.html": "http-500",  # 500 on every request
    "/hostile/gone.html": "http-404",
    "/hostile/loop.html": "too-many-redirects",  # loop.html -> loop2.html -> loop.html ...
    "/hostile/chain.html": "stored",  # 301 -> chain-2 302 -> chain-3 307 -> chain-end.html
    "/hostile/huge.html": "too-large",  # 50 MB text/html, chunked, no Content-Length
    "/hostile/huge-declared.html": "too-large",  # 50 MB with Content-Length: 52428800
    "/hostile/bomb.html": "too-large",  # gzip Content-Encoding, ~1 MB inflating to 1 GiB
    "/hostile/binary.html": "not-html",  # PNG + random bytes served as text/html
    "/hostile/latin1.html": "stored",  # UTF-8 bytes, header says charset=iso-8859-1
    "/hostile/empty.html": "extraction-empty",  # navigation and footer only
    "/hostile/pdf.pdf": "not-html",  # application/pdf
    "/private/leaked.html": "robots-disallowed",  # on topic, also linked from /rss.xml
}

# Where the hostile URLs that end "stored" end up, and which article they serve.
HOSTILE_FINAL_URL: dict[str, str] = {
    "/hostile/flaky.html": "/hostile/flaky.html",
    "/hostile/ratelimited.html": "/hostile/ratelimited.html",
    "/hostile/chain.html": "/hostile/chain-end.html",
    "/hostile/latin1.html": "/hostile/latin1.html",
}
CHAIN = [
    "/hostile/chain.html",
    "/hostile/chain-2.html",
    "/hostile/chain-3.html",
    "/hostile/chain-end.html",
]

# Feed sources that must fail (SourceReport.ok False) with a one-line reason.
HOSTILE_FEEDS: dict[str, str] = {
    "/feeds/broken.xml": "malformed",  # RSS truncated inside the first <item>, before any link
    "/feeds/bomb.xml": "refused",  # billion-laughs DTD; must not be expanded
    "/feeds/slow.xml": "timeout",  # headers and 100 bytes, then stalls slow_seconds
}
# Linked only from inside /feeds/bomb.xml: a request for it means the bomb was parsed.
BOMB_CANARY = "/feeds/bomb-canary.html"

GDELT_PATH = "/api/v2/doc/doc"
GDELT_NOW = datetime(2024, 3, 31, 0, 0, tzinfo=UTC)  # "now" for timespan=
GDELT_ERROR_TEXT = "Your search contained a phrase that was too short."
GDELT_RATE_TEXT = "Please limit requests to one every 5 seconds or contact us for larger queries."

HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 1 << 30  # inflated size of /hostile/bomb.html

AMP_OF = 0  # index of the article with an AMP variant


def _tracking_variants(articles: list[ArticleSpec]) -> list[tuple[str, str, str]]:
    a0, a7, a13 = articles[0].path, articles[7].path, articles[13].path
    return [
        # (url as listed, where it is listed, clean article path)
        (a0 + "?utm_source=rss&utm_medium=feed", "rss", a0),
        (a0 + "?fbclid=IwAR1Zk9xQv3m7Lp0TnE2", "atom", a0),
        (a7 + "?utm_source=rss&utm_medium=feed&fbclid=IwAR3kQx7ZlB#comments", "rss", a7),
        (a13 + "#comments", "urls", a13),
        ("/amp" + a0, "urls", a0),
    ]


# ---------------------------------------------------------------------------------------
# Page chrome
# ---------------------------------------------------------------------------------------

NAV = [
    "Home",
    "Xinjiang",
    "China",
    "World",
    "Business",
    "Opinion",
    "Sports",
    "Tech",
    "Science",
    "Culture",
    "Food",
    "Weather",
    "Video",
    "Photos",
    "Podcasts",
    "Live",
    "Newsletters",
    "Subscribe",
    "Log in",
    "Archive",
]
SUBNAV = [
    "Urumqi",
    "Kashgar",
    "Hotan",
    "Aksu",
    "Ili",
    "Altay",
    "Turpan",
    "Hami",
    "Korla",
    "Karamay",
    "Changji",
    "Bortala",
    "Tacheng",
    "Kizilsu",
    "Bayingolin",
]
FOOTER = [
    "About us",
    "Contact",
    "Advertise",
    "Careers",
    "Terms of use",
    "Privacy policy",
    "Cookie settings",
    "RSS",
    "Sitemap",
    "Corrections",
    "Accessibility",
    "Help",
]


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _byline(authors: list[str], credit: str | None) -> str:
    if not authors:
        return credit or ""
    names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    return f"By {names}" + (f", {credit}" if credit else "")


def _rfc822(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _jsonld(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _cookie_banner() -> str:
    return (
        '<div id="cookie-banner" class="cookie-consent" role="dialog">'
        f'<p>{content.COOKIE_TEXT} <a href="/privacy.html">Read our privacy policy</a>.</p>'
        '<button class="accept">Accept all</button> <button class="manage">Manage settings</button>'
        "</div>\n"
    )


def _header() -> str:
    nav = "".join(f'<li><a href="/section/{_slugify(n)}/">{_e(n)}</a></li>' for n in NAV)
    sub = "".join(
        f'<li><a href="/section/xinjiang/{_slugify(n)}/">{_e(n)}</a></li>' for n in SUBNAV
    )
    return (
        '<header class="site-header">\n'
        '<div class="top-bar"><span class="weather-widget">Urumqi -8°C</span> '
        '<a href="/epaper/">E-paper</a> <a href="/apps/">Apps</a> <a href="/login/">Sign in</a></div>\n'
        f'<a class="logo" href="/"><img src="/static/logo.svg" alt="{SITE_NAME}"></a>\n'
        f'<nav class="main-nav" aria-label="Sections"><ul>{nav}</ul></nav>\n'
        f'<nav class="sub-nav" aria-label="Xinjiang"><ul>{sub}</ul></nav>\n'
        '<form class="search" action="/search" method="get"><input name="q" placeholder="Search">'
        "<button>Go</button></form>\n"
        "</header>\n"
        '<div class="ad-slot ad-leaderboard" data-ad-slot="top">Advertisement</div>\n'
    )


def _share(url: str) -> str:
    return (
        f'<div class="share-buttons"><span>{content.SHARE_TEXT}:</span> '
        f'<a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u={_e(url)}">Facebook</a> '
        f'<a class="share-x" href="https://twitter.com/intent/tweet?url={_e(url)}">X</a> '
        '<a class="share-wechat" href="#wechat">WeChat</a> '
        '<a class="share-weibo" href="#weibo">Weibo</a> '
        f'<a class="share-mail" href="mailto:?subject=Tianshan%20Daily&amp;body={_e(url)}">Email</a> '
        '<a class="print" href="javascript:window.print()">Print</a></div>\n'
    )


def _related(site: NewsSite, spec: ArticleSpec) -> str:
    others = [a for a in site.articles if a.path != spec.path]
    if not others:
        return ""
    start = sum(map(ord, spec.slug)) % len(others)
    picks = [others[(start + i) % len(others)] for i in range(min(4, len(others)))]
    items = "".join(
        f'<li><a href="{a.path}">{_e(a.title)}</a> <span class="date">{a.published_dt:%b %d, %Y}</span></li>'
        for a in picks
    )
    return f'<aside class="related-stories"><h2>Related stories</h2><ul>{items}</ul></aside>\n'


def _comments(spec: ArticleSpec) -> str:
    n = sum(map(ord, spec.slug))
    pool = content.COMMENTS
    picks = [pool[(n + 3 * i) % len(pool)] for i in range(3)]
    dt = spec.published_dt
    out = [f'<section id="comments" class="comments"><h2>Comments ({len(picks)})</h2>']
    for i, (who, text) in enumerate(picks):
        when = (dt + timedelta(hours=5 + 17 * i)).isoformat()
        out.append(
            f'<div class="comment" id="c{n + i}"><div class="comment-meta">'
            f'<span class="comment-author">{_e(who)}</span> '
            f'<time datetime="{when}">{i + 1} days ago</time></div>'
            f'<p class="comment-text">{_e(text)}</p><a class="reply" href="#reply">Reply</a></div>'
        )
    out.append(
        '<form class="comment-form"><textarea name="c"></textarea><button>Post comment</button></form>'
    )
    out.append("</section>\n")
    return "".join(out)


def _sidebar(site: NewsSite) -> str:
    most = "".join(f'<li><a href="{a.path}">{_e(a.title)}</a></li>' for a in site.articles[-5:])
    return (
        '<aside class="sidebar"><div class="most-read"><h3>Most read</h3>'
        f"<ol>{most}</ol></div>"
        f'<div class="newsletter"><p>{content.NEWSLETTER_TEXT}.</p>'
        '<input type="email" placeholder="Your email"><button>Subscribe</button></div>'
        '<div class="ad-slot ad-mpu">Advertisement</div></aside>\n'
    )


def _footer() -> str:
    links = " | ".join(f'<a href="/about/{_slugify(n)}.html">{_e(n)}</a>' for n in FOOTER)
    return (
        f'<footer class="site-footer"><nav>{links}</nav>'
        f"<p>Copyright © 2024 {SITE_NAME}. All rights reserved. "
        "Reproduction without permission is prohibited.</p>"
        "<p>Contact the newsroom: newsroom@tianshan-daily.test</p></footer>\n"
        "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'event':'pageview'});</script>\n"
    )


# ---------------------------------------------------------------------------------------
# Article rendering
# ---------------------------------------------------------------------------------------


def render_article(site: NewsSite, spec: ArticleSpec, amp: bool = False) -> str:
    base = site.base_url
    url = base + spec.path
    dt = spec.published_dt
    upd = datetime.fromisoformat(spec.updated.replace("Z", "+00:00"))
    style = spec.style
    title_tag = {
        "jsonld": f"{spec.title} - {SITE_NAME}",
        "graph": f"{spec.title} | {SITE_NAME}",
        "opengraph": f"{spec.title} - {spec.section} - {SITE_NAME}",
        "timeonly": f"{spec.title} - {SITE_NAME}",
        "infobar": f"{spec.title}_{SITE_NAME}",
    }[style]
    head = [
        "<!DOCTYPE html>\n",
        '<html lang="en"' + (" amp" if amp else "") + ">\n<head>\n",
        '<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_e(title_tag)}</title>\n",
        f'<meta name="description" content="{_e(spec.description)}">\n',
    ]
    # canonical
    if amp:
        head.append(f'<link rel="canonical" href="{_e(url)}">\n')
    elif spec.canonical == "absolute":
        head.append(f'<link rel="canonical" href="{_e(url)}">\n')
    elif spec.canonical == "relative":
        head.append(f'<link rel="canonical" href="{_e(spec.path)}">\n')
    elif spec.canonical == "external":
        head.append(
            f'<link rel="canonical" href="https://wire.example.com/{dt:%Y%m%d}/c_{sum(map(ord, spec.slug))}.htm">\n'
        )
    if not amp and site.articles and spec.path == site.articles[AMP_OF].path:
        head.append(f'<link rel="amphtml" href="{_e(base + "/amp" + spec.path)}">\n')
    head.append(
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss.xml">\n'
    )
    head.append('<link rel="stylesheet" href="/static/site.css">\n')
    img = f"{base}/img/{spec.slug}.jpg"
    if style in ("jsonld", "graph", "opengraph"):
        og = [
            ("og:type", "article"),
            ("og:title", spec.title),
            ("og:site_name", SITE_NAME),
            ("og:description", spec.description),
            ("og:image", img),
        ]
        if spec.canonical != "none":
            og.append(("og:url", url))
        head += [f'<meta property="{k}" content="{_e(v)}">\n' for k, v in og]
        head.append('<meta name="twitter:card" content="summary_large_image">\n')
    if style == "opengraph":
        head.append(f'<meta property="article:published_time" content="{spec.published}">\n')
        head.append(f'<meta property="article:modified_time" content="{spec.updated}">\n')
        head.append(f'<meta property="article:section" content="{_e(spec.section)}">\n')
        head += [f'<meta property="article:tag" content="{_e(t)}">\n' for t in spec.tags]
        head += [f'<meta property="article:author" content="{_e(a)}">\n' for a in spec.authors]
        if spec.authors:
            head.append(f'<meta name="author" content="{_e(", ".join(spec.authors))}">\n')
    if style == "infobar":
        head.append(f'<meta name="publishdate" content="{dt:%Y-%m-%d}">\n')
        head.append(f'<meta name="source" content="{_e(spec.credit or SITE_NAME)}">\n')
        head.append(
            f'<meta name="keywords" content="{_e(", ".join(spec.tags or [spec.section]))}">\n'
        )
    publisher = {
        "@type": "Organization",
        "name": SITE_NAME,
        "logo": {"@type": "ImageObject", "url": base + "/static/logo.png"},
    }
    if style == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": spec.title,
            "description": spec.description,
            "image": [img],
            "datePublished": spec.published,
            "dateModified": spec.updated,
            "author": [{"@type": "Person", "name": a} for a in spec.authors]
            or [{"@type": "Organization", "name": spec.credit or SITE_NAME}],
            "publisher": publisher,
            "articleSection": spec.section,
            "keywords": ", ".join(spec.tags),
            "inLanguage": "en",
        }
        head.append(_jsonld(ld))
        head.append(
            _jsonld(
                {
                    "@context": "https://schema.org",
                    "@type": "BreadcrumbList",
                    "itemListElement": [
                        {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                        {
                            "@type": "ListItem",
                            "position": 2,
                            "name": spec.section,
                            "item": f"{base}/section/{_slugify(spec.section)}/",
                        },
                    ],
                }
            )
        )
    elif style == "graph":
        people = [
            {
                "@type": "Person",
                "@id": f"{base}/#/schema/person/{_slugify(a)}",
                "name": a,
                "url": f"{base}/author/{_slugify(a)}/",
            }
            for a in spec.authors
        ]
        graph = [
            {
                "@type": "Organization",
                "@id": base + "/#organization",
                "name": SITE_NAME,
                "url": base + "/",
                "logo": {"@type": "ImageObject", "url": base + "/static/logo.png"},
            },
            {
                "@type": "WebSite",
                "@id": base + "/#website",
                "url": base + "/",
                "name": SITE_NAME,
                "publisher": {"@id": base + "/#organization"},
                "inLanguage": "en",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": title_tag,
                "isPartOf": {"@id": base + "/#website"},
                "datePublished": spec.published,
                "dateModified": spec.updated,
                "breadcrumb": {"@id": url + "#breadcrumb"},
            },
            {
                "@type": "NewsArticle",
                "@id": url + "#article",
                "isPartOf": {"@id": url},
                "headline": spec.title,
                "datePublished": spec.published,
                "dateModified": spec.updated,
                "mainEntityOfPage": {"@id": url},
                "author": [{"@id": p["@id"]} for p in people] or {"@id": base + "/#organization"},
                "publisher": {"@id": base + "/#organization"},
                "articleSection": [spec.section],
                "keywords": spec.tags,
                "inLanguage": "en",
                "image": {"@id": url + "#primaryimage"},
                "wordCount": spec.word_count,
            },
            {
                "@type": "ImageObject",
                "@id": url + "#primaryimage",
                "url": img,
                "width": 1200,
                "height": 675,
            },
            {
                "@type": "BreadcrumbList",
                "@id": url + "#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                    {"@type": "ListItem", "position": 2, "name": spec.title},
                ],
            },
            *people,
        ]
        head.append(_jsonld({"@context": "https://schema.org", "@graph": graph}))
    head.append(
        "<script>(function(){var s=document.createElement('script');s.async=1;"
        "s.src='/static/analytics.js';document.head.appendChild(s);})();</script>\n"
    )
    head.append("</head>\n")

    body_paras = "\n".join(f"<p>{_e(p)}</p>" for p in spec.paragraphs)
    figure = ""
    if spec.image_caption:
        figure = (
            f'<figure class="lead-image"><img src="{img}" alt="{_e(spec.image_caption)}">'
            f"<figcaption>{_e(spec.image_caption)}</figcaption></figure>\n"
        )
    byline = _byline(spec.authors, spec.credit)
    tags = ""
    if spec.tags:
        tags = (
            '<div class="tags">Tags: '
            + " ".join(f'<a href="/tag/{_slugify(t)}/">{_e(t)}</a>' for t in spec.tags)
            + "</div>\n"
        )
    crumbs = (
        f'<div class="breadcrumbs"><a href="/">Home</a> &gt; '
        f'<a href="/section/{_slugify(spec.section)}/">{_e(spec.section)}</a></div>\n'
    )

    if amp:
        story = (
            f'<article><h1>{_e(spec.title)}</h1><p class="byline">{_e(byline)}</p>'
            f'<time datetime="{spec.published}">{dt:%B %d, %Y}</time>\n'
            f"{body_paras}\n</article>\n"
        )
        return "".join(head) + "<body>\n" + _header() + story + _footer() + "</body>\n</html>\n"

    if style == "jsonld":
        story = (
            '<main id="main"><article class="story">\n<header class="story-header">'
            f'<span class="kicker">{_e(spec.section)}</span><h1 class="headline">{_e(spec.title)}</h1>'
            + (f'<p class="byline">{_e(byline)}</p>' if byline else "")
            + f'<time class="published" datetime="{spec.published}">{dt:%B} {dt.day}, {dt:%Y %H:%M}</time>'
            "</header>\n"
            + _share(url)
            + figure
            + f'<div class="story-body">\n{body_paras}\n</div>\n'
            + tags
            + "</article>\n"
        )
    elif style == "graph":
        author_html = ", ".join(
            f'<a class="url fn" rel="author" href="/author/{_slugify(a)}/">{_e(a)}</a>'
            for a in spec.authors
        )
        story = (
            '<main id="main"><div id="content" class="site-content"><div class="post type-post">\n'
            f'<h1 class="entry-title">{_e(spec.title)}</h1>\n<div class="entry-meta">'
            + (f'<span class="author vcard">{author_html}</span> | ' if spec.authors else "")
            + (f'<span class="credit">{_e(spec.credit)}</span> | ' if spec.credit else "")
            + f'<span class="updated">Updated: {upd:%Y-%m-%d %H:%M}</span></div>\n'
            + figure
            + f'<div class="entry-content">\n{body_paras}\n</div>\n'
            + _share(url)
            + tags
            + "</div></div>\n"
        )
    elif style == "opengraph":
        story = (
            '<main id="main"><section class="article-container">\n'
            f'<h1 itemprop="headline">{_e(spec.title)}</h1>\n'
            f'<div class="article-meta">Published {dt:%b} {dt.day}, {dt:%Y}'
            f' · <span class="read-time">{max(1, spec.word_count // 200)} min read</span></div>\n'
            + (f'<div class="author-line">{_e(byline)}</div>\n' if byline else "")
            + _share(url)
            + figure
            + f'<div class="text">\n{body_paras}\n</div>\n'
            + tags
            + "</section>\n"
        )
    elif style == "timeonly":
        story = (
            '<main id="main"><article>\n<div class="article__header">'
            f"<h1>{_e(spec.title)}</h1>"
            + (f'<div class="byline">{_e(byline)}</div>' if byline else "")
            + f'<time datetime="{spec.published}">{dt:%H:%M}, {dt.day} {dt:%b %Y}</time></div>\n'
            + figure
            + f'<div class="article__body">\n{body_paras}\n</div>\n'
            + _share(url)
            + "</article>\n"
        )
    else:  # infobar
        editor = ["Hu Yue", "Liu Fang", "Xie Ming"][sum(map(ord, spec.slug)) % 3]
        story = (
            '<main id="main"><div class="main-content">\n'
            f'<h1 id="title">{_e(spec.title)}</h1>\n'
            f'<div class="info"><span class="source">Source: {_e(spec.credit or SITE_NAME)}</span> | '
            f'<span class="time">{dt:%Y-%m-%d %H:%M:%S}</span> | '
            f'<span class="editor">Editor: {editor}</span></div>\n'
            + (f'<p class="byline">{_e(byline)}</p>\n' if spec.authors else "")
            + f'<div id="detail" class="detail">\n{body_paras}\n</div>\n'
            + f'<div class="editor-bottom">[Editor: {editor}]</div>\n'
            + _share(url)
            + "</div>\n"
        )
    page = (
        "".join(head)
        + f'<body class="article-page section-{_slugify(spec.section)}">\n'
        + _cookie_banner()
        + _header()
        + crumbs
        + story
        + _related(site, spec)
        + _comments(spec)
        + "</main>\n"
        + _sidebar(site)
        + _footer()
        + "</body>\n</html>\n"
    )
    return page


def render_index(site: NewsSite) -> str:
    items = "".join(
        f'<li class="teaser"><a href="{a.path}">{_e(a.title)}</a> '
        f'<span class="section">{_e(a.section)}</span> '
        f'<time datetime="{a.published}">{a.published_dt:%b %d, %Y}</time>'
        f"<p>{_e(a.description)}</p></li>\n"
        for a in sorted(site.articles, key=lambda a: a.published_dt, reverse=True)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>News - {SITE_NAME}</title>'
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>\n'
        '<body class="section-front">\n'
        + _cookie_banner()
        + _header()
        + f'<main><h1>Latest news</h1><ul class="river">\n{items}</ul></main>\n'
        + _sidebar(site)
        + _footer()
        + "</body></html>\n"
    )


def render_empty(site: NewsSite) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Xinjiang - {SITE_NAME}</title></head>\n'
        '<body class="section-empty">\n'
        + _header()
        + '<main id="main"><!-- section has no stories yet --></main>\n'
        + _footer()
        + "</body></html>\n"
    )


def render_404(site: NewsSite) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page not found - {SITE_NAME}</title></head>\n'
        "<body>\n" + _header() + "<main><h1>Page not found</h1><p>The page you requested does "
        'not exist or has been moved. <a href="/news/index.html">Latest news</a></p></main>\n'
        + _footer()
        + "</body></html>\n"
    )


# ---------------------------------------------------------------------------------------
# Feeds, sitemaps, lists
# ---------------------------------------------------------------------------------------


def _x(s: str) -> str:
    return html.escape(s, quote=False)


def render_rss(site: NewsSite, built: datetime) -> str:
    base = site.base_url
    items = [a for a in site.articles if "rss" in a.listed_in]
    items += [a for a in site.extra_articles.values() if "rss" in a.listed_in]
    variants = {clean: u for u, where, clean in site.tracking_variants if where == "rss"}
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n',
        f"<title>{SITE_NAME} - Top stories</title>\n<link>{base}/news/index.html</link>\n",
        f'<atom:link href="{base}/rss.xml" rel="self" type="application/rss+xml"/>\n',
        "<description>News from Xinjiang, China and the world</description>\n",
        f"<language>en</language>\n<lastBuildDate>{_rfc822(built)}</lastBuildDate>\n<ttl>30</ttl>\n",
    ]

    def item(a: ArticleSpec, link: str, title: str) -> str:
        creators = "".join(f"<dc:creator>{_x(n)}</dc:creator>" for n in a.authors)
        return (
            f"<item><title>{_x(title)}</title><link>{_x(link)}</link>"
            f'<guid isPermaLink="false">tianshan-{hashlib.sha1((a.path + title).encode()).hexdigest()[:12]}</guid>'
            f"<pubDate>{_rfc822(a.published_dt)}</pubDate>{creators}"
            f"<category>{_x(a.section)}</category><description>{_x(a.description)}</description></item>\n"
        )

    for a in sorted(items, key=lambda a: a.published_dt, reverse=True):
        out.append(item(a, base + variants.get(a.path, a.path), a.title))
    # A second item for an article already listed, with tracking parameters and a fragment.
    for u, where, clean in site.tracking_variants:
        if where == "rss" and "#" in u:
            a = site.article(clean)
            if a is not None:
                out.append(item(a, base + u, "UPDATE: " + a.title))
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def render_atom(site: NewsSite, built: datetime) -> str:
    base = site.base_url
    items = [a for a in site.articles if "atom" in a.listed_in]
    variants = {clean: u for u, where, clean in site.tracking_variants if where == "atom"}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
        f"<title>{SITE_NAME}</title>\n<subtitle>Latest stories</subtitle>\n",
        "<id>tag:tianshan-daily.test,2024:feed</id>\n",
        f"<updated>{built.isoformat().replace('+00:00', 'Z')}</updated>\n",
        f'<link rel="self" type="application/atom+xml" href="{base}/atom.xml"/>\n',
        f'<link rel="alternate" type="text/html" href="{base}/news/index.html"/>\n',
    ]
    for a in sorted(items, key=lambda a: a.published_dt, reverse=True):
        authors = "".join(f"<author><name>{_x(n)}</name></author>" for n in a.authors)
        if not authors:
            authors = f"<author><name>{_x(a.credit or SITE_NAME)}</name></author>"
        out.append(
            f"<entry><title>{_x(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{_e(base + variants.get(a.path, a.path))}"/>'
            f"<id>tag:tianshan-daily.test,2024:{a.slug}</id>"
            f"<published>{a.published}</published><updated>{a.updated}</updated>{authors}"
            f'<category term="{_e(a.section)}"/><summary>{_x(a.description)}</summary></entry>\n'
        )
    out.append("</feed>\n")
    return "".join(out)


def render_sitemap_index(site: NewsSite, built: datetime) -> str:
    base = site.base_url
    stamp = built.isoformat().replace("+00:00", "Z")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>{stamp}</lastmod></sitemap>\n"
        f"<sitemap><loc>{base}/sitemap-pages.xml</loc><lastmod>{stamp}</lastmod></sitemap>\n"
        "</sitemapindex>\n"
    )


def render_sitemap_news(site: NewsSite) -> str:
    base = site.base_url
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
    ]
    for a in sorted(site.articles, key=lambda a: a.published_dt, reverse=True):
        if not a.on_topic:
            continue
        out.append(
            f"<url><loc>{base}{a.path}</loc><news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a.published}</news:publication_date>"
            f"<news:title>{_x(a.title)}</news:title></news:news></url>\n"
        )
    out.append("</urlset>\n")
    return "".join(out)


def render_sitemap_pages(site: NewsSite) -> str:
    base = site.base_url
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
        f"<url><loc>{base}/news/index.html</loc><changefreq>hourly</changefreq></url>\n",
    ]
    for a in site.articles:
        lastmod = datetime.fromisoformat(a.updated.replace("Z", "+00:00")).strftime("%Y-%m-%d")
        out.append(
            f"<url><loc>{base}{a.path}</loc><lastmod>{lastmod}</lastmod>"
            "<changefreq>never</changefreq></url>\n"
        )
    out.append("</urlset>\n")
    return "".join(out)


def render_urls(site: NewsSite) -> str:
    base = site.base_url
    lines = [
        "# Tianshan Daily: stories to follow",
        "# one URL per line; blank lines and comments are ignored",
        "",
    ]
    listed = [a for a in site.articles if "urls" in a.listed_in]
    for i, a in enumerate(listed):
        lines.append(base + a.path)
        if i == 2:
            lines += ["", "# added later", "news/not-a-full-url.html", "   "]
    lines += [base + u for u, where, _ in site.tracking_variants if where == "urls"]
    lines += ["htp:/broken url with spaces", "", "# end"]
    return "\n".join(lines) + "\n"


def render_hostile_list(site: NewsSite) -> str:
    return "# hostile responses\n" + "".join(site.base_url + p + "\n" for p in HOSTILE)


def render_robots(site: NewsSite) -> str:
    return (
        f"# robots.txt for {SITE_NAME}\n"
        "User-agent: *\n"
        "Disallow: /private/\n"
        "Disallow: /search\n"
        "Allow: /\n\n"
        "User-agent: ImageHoarderBot\n"
        "Disallow: /\n\n"
        f"Sitemap: {site.base_url}/sitemap.xml\n"
    )


def render_broken_feed(site: NewsSite) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{SITE_NAME} - Regional</title>\n<link>{site.base_url}/</link>\n"
        "<description>Regional news</description>\n"
        "<item><title>Kashgar opens new job centre for rural resi"
    )


def render_bomb_feed(site: NewsSite) -> str:
    ents = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        ents.append(f'<!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    dtd = "\n ".join(ents)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n {dtd}\n]>\n'
        '<rss version="2.0"><channel><title>&lol9;</title>'
        f"<link>{site.base_url}/</link><description>&lol9;</description>"
        f"<item><title>&lol9;</title><link>{site.base_url}{BOMB_CANARY}</link>"
        "<description>&lol9;</description></item></channel></rss>\n"
    )


# ---------------------------------------------------------------------------------------
# Binary payloads
# ---------------------------------------------------------------------------------------

_bomb_lock = threading.Lock()
_bomb_cache: dict[int, bytes] = {}


def gzip_bomb(size: int = BOMB_BYTES) -> bytes:
    """A gzip stream inflating to ``size`` bytes (html then spaces), about size/1000 long.

    Built once per size: each 1 MiB block is compressed with a full flush, which resets
    the compressor, so every following block compresses to the same bytes and is copied
    rather than compressed again. Takes well under a second for 1 GiB.
    """
    with _bomb_lock:
        if size in _bomb_cache:
            return _bomb_cache[size]
        block = 1 << 20
        nblocks = max(1, size // block)
        prefix = (
            b"<!DOCTYPE html><html><head><title>Kashgar labor transfer figures</title>"
            b"</head><body><p>"
        )
        first = prefix + b" " * (block - len(prefix))
        spaces = b" " * block
        comp = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
        head = comp.compress(first) + comp.flush(zlib.Z_FULL_FLUSH)
        rep = comp.compress(spaces) + comp.flush(zlib.Z_FULL_FLUSH)
        tail = comp.flush(zlib.Z_FINISH)
        crc = zlib.crc32(first)
        for _ in range(nblocks - 1):
            crc = zlib.crc32(spaces, crc)
        total = block * nblocks
        out = io.BytesIO()
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header, mtime 0
        out.write(head)
        out.write(rep * (nblocks - 1))
        out.write(tail)
        out.write(struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF))
        data = out.getvalue()
        _bomb_cache[size] = data
        return data


def _png_and_noise() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    w = h = 32
    raw = b"".join(
        b"\x00" + bytes((x * 8, y * 8, 128)) * 1 + bytes((x * 8 % 256, y * 8 % 256, 64)) * (w - 1)
        for y in range(h)
        for x in [y]
    )
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return png + random.Random(7).randbytes(24_000)


BINARY_BODY = _png_and_noise()

PDF_BODY = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 72 700 Td (Kokterek labor transfer report) Tj ET\n"
    b"endstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R/Size 6>>\n%%EOF\n"
)

_HUGE_CHUNK = (
    b"<p>" + b"Kashgar Hotan Aksu labor transfer figures, repeated filler text. " * 1000 + b"</p>\n"
)


# ---------------------------------------------------------------------------------------
# Bulk pages
# ---------------------------------------------------------------------------------------


def render_bulk(i: int) -> str:
    r = random.Random(i)
    place = r.choice(content.BULK_PLACES)
    subj = r.choice(content.BULK_SUBJECTS)
    title = f"{place}: {subj} {r.choice(content.BULK_VERBS)} {r.choice(content.BULK_OBJECTS)}"
    title = title[0].upper() + title[1:]
    dt = datetime(2024, 1, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=37 * i)
    paras = []
    for _ in range(r.randint(3, 6)):
        sents = [
            f"In {r.choice(content.BULK_PLACES)}, {r.choice(content.BULK_SUBJECTS)} "
            f"{r.choice(content.BULK_VERBS)} {r.choice(content.BULK_OBJECTS)}, officials said on day {r.randint(1, 28)}."
        ]
        sents += r.sample(content.BULK_SENTENCES, r.randint(2, 4))
        sents.append(f"Story number {i} includes figure {r.randint(100, 99999):,}.")
        paras.append(" ".join(sents))
    body = "\n".join(f"<p>{_e(p)}</p>" for p in paras)
    author = r.choice(["Li Qiong", "Zhou Lan", "Adil Kurban", "Martin Hale", "Grace Wen"])
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(title)} - {SITE_NAME}</title>"
        f'<meta property="og:title" content="{_e(title)}">'
        f'<meta property="article:published_time" content="{dt.isoformat()}">'
        f'<meta name="author" content="{author}"></head>\n<body>\n'
        f'<nav><a href="/">Home</a> <a href="/news/index.html">News</a> <a href="/section/xinjiang/">Xinjiang</a></nav>\n'
        f'<article><h1>{_e(title)}</h1><p class="byline">By {author}</p>'
        f'<time datetime="{dt.isoformat()}">{dt:%b %d, %Y}</time>\n{body}\n</article>\n'
        f"<footer>Copyright © 2024 {SITE_NAME}. All rights reserved.</footer>\n</body></html>\n"
    )


# ---------------------------------------------------------------------------------------
# GDELT lookalike
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|(\S+)')


def _parse_gdelt_query(q: str):
    """Return a list of clauses; each clause is (negated, [alternatives]) where every
    alternative is a lowercase phrase. All clauses must hold."""
    clauses: list[tuple[bool, list[str]]] = []
    group: list[str] | None = None
    for m in _TOKEN.finditer(q):
        phrase, lpar, rpar, word = m.groups()
        if lpar:
            group = []
            continue
        if rpar:
            if group:
                clauses.append((False, group))
            group = None
            continue
        term = phrase if phrase is not None else word
        if term is None or term.upper() == "OR":
            continue
        neg = False
        if phrase is None:
            if ":" in term:  # sourcelang:english, domain:..., sourcecountry:...
                continue
            if term.startswith("-") and len(term) > 1:
                neg, term = True, term[1:]
            term = term.strip("()")
        term = term.lower().strip()
        if not term:
            continue
        if group is not None:
            group.append(term)
        else:
            clauses.append((neg, [term]))
    if group:
        clauses.append((False, group))
    return clauses


def _parse_gdelt_dt(s: str) -> datetime | None:
    try:
        return datetime.strptime(s, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _seen_dt(seen: str) -> datetime:
    return datetime.strptime(seen, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx/1.24.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms stalls

    def do_GET(self):  # noqa: N802
        self.server.site._handle(self, "GET")

    def do_HEAD(self):  # noqa: N802
        self.server.site._handle(self, "HEAD")

    def log_message(self, format, *args):  # noqa: A002
        if self.server.site.verbose:
            super().log_message(format, *args)


class NewsSite:
    """The local news site. See the module docstring for what it serves."""

    def __init__(
        self,
        latency: float = 0.0,
        article_count: int | None = None,
        bulk_pages: int = 0,
        slow_seconds: float = 5.0,
        gdelt_min_interval: float | None = None,
        huge_bytes: int = HUGE_BYTES,
        bomb_bytes: int = BOMB_BYTES,
        verbose: bool = False,
        url_host: str = "127.0.0.1",
    ):
        self.url_host = url_host  # the host its URLs name: "localhost" makes a second outlet
        self.latency = latency
        self.bulk_pages = bulk_pages
        self.slow_seconds = slow_seconds
        self.gdelt_min_interval = gdelt_min_interval
        self.huge_bytes = huge_bytes
        self.bomb_bytes = bomb_bytes
        self.verbose = verbose
        arts = content.build_articles()
        if article_count is not None:
            if article_count <= len(arts):
                arts = arts[:article_count]
            else:
                arts += [_filler(i) for i in range(article_count - len(arts))]
        self.articles: list[ArticleSpec] = arts
        self.extra_articles: dict[str, ArticleSpec] = content.hostile_articles()
        # (url as listed, where: "rss" | "atom" | "urls", clean article path)
        self.tracking_variants = _tracking_variants(arts) if len(arts) >= 14 else []
        self._by_path = {a.path: a for a in self.articles}
        self._lock = threading.Lock()
        self._hits: Counter[str] = Counter()
        self._log: list[tuple[float, str, str, dict]] = []
        self._gets: Counter[str] = Counter()
        self._gdelt: list[tuple[float, dict]] = []
        self._version = 0
        self._docs: dict[str, tuple[bytes, str, str, str]] = {}
        self._pages: dict[str, bytes] = {}
        self._gz: dict[str, bytes] = {}
        self._stop = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    # ---- lifecycle ----
    def start(self, port: int = 0, host: str = "127.0.0.1") -> NewsSite:
        self._server = _Server((host, port), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"newsite-{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("NewsSite is not started")
        return f"http://{self.url_host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # ---- observation ----
    @property
    def hits(self) -> Counter:
        with self._lock:
            return Counter(self._hits)

    @property
    def requests(self) -> list[tuple[str, str, dict]]:
        with self._lock:
            return [(m, p, h) for _, m, p, h in self._log]

    def request_times(self, path: str) -> list[float]:
        """time.monotonic() of each request for ``path`` (query ignored), in arrival order."""
        with self._lock:
            return [t for t, _, p, _ in self._log if p.split("?", 1)[0] == path]

    @property
    def gdelt_requests(self) -> list[tuple[float, dict]]:
        with self._lock:
            return list(self._gdelt)

    def reset_counters(self) -> None:
        """Forget hits and requests, and re-arm flaky.html and ratelimited.html."""
        with self._lock:
            self._hits.clear()
            self._log.clear()
            self._gets.clear()
            self._gdelt.clear()

    # ---- content ----
    def article(self, path: str) -> ArticleSpec | None:
        return self._by_path.get(path) or self.extra_articles.get(path)

    @property
    def on_topic(self) -> list[ArticleSpec]:
        return [a for a in self.articles if a.on_topic]

    @property
    def off_topic(self) -> list[ArticleSpec]:
        return [a for a in self.articles if not a.on_topic]

    @property
    def bulk_urls(self) -> list[str]:
        return [f"{self.base_url}/bulk/{i}.html" for i in range(self.bulk_pages)]

    def gdelt_articles(self) -> list[ArticleSpec]:
        return [a for a in self.articles if a.gdelt_seen]

    def add_article(self, spec: ArticleSpec) -> ArticleSpec:
        """Publish a new article: it appears at its path, in both feeds (unless
        ``listed_in`` says otherwise), in the sitemaps and on the index; feeds change ETag."""
        if not spec.listed_in:
            spec.listed_in = {"rss", "atom"}
        spec.finalize()
        with self._lock:
            self.articles.append(spec)
            self._by_path[spec.path] = spec
            self._pages.clear()
            self._gz.clear()
        self.touch_feed()
        return spec

    def touch_feed(self) -> None:
        """Mark feeds, sitemaps and lists as changed: new body, new ETag, Last-Modified
        one hour later than before."""
        with self._lock:
            self._version += 1
            self._docs.clear()
            self._gz.clear()

    # ---- documents with validators ----
    def _doc_time(self) -> datetime:
        latest = max(
            (datetime.fromisoformat(a.updated.replace("Z", "+00:00")) for a in self.articles),
            default=datetime(2024, 1, 1, tzinfo=UTC),
        )
        return (latest.astimezone(UTC) + timedelta(hours=1 + self._version)).replace(microsecond=0)

    def _doc(self, path: str) -> tuple[bytes, str, str, str] | None:
        with self._lock:
            cached = self._docs.get(path)
            version = self._version
        if cached:
            return cached
        built = self._doc_time()
        makers = {
            "/rss.xml": (lambda: render_rss(self, built), "application/rss+xml; charset=utf-8"),
            "/atom.xml": (lambda: render_atom(self, built), "application/atom+xml; charset=utf-8"),
            "/sitemap.xml": (
                lambda: render_sitemap_index(self, built),
                "application/xml; charset=utf-8",
            ),
            "/sitemap-news.xml": (
                lambda: render_sitemap_news(self),
                "application/xml; charset=utf-8",
            ),
            "/sitemap-pages.xml": (
                lambda: render_sitemap_pages(self),
                "application/xml; charset=utf-8",
            ),
            "/lists/urls.txt": (lambda: render_urls(self), "text/plain; charset=utf-8"),
            "/lists/hostile.txt": (lambda: render_hostile_list(self), "text/plain; charset=utf-8"),
            "/robots.txt": (lambda: render_robots(self), "text/plain; charset=utf-8"),
        }
        if path == "/sitemap.xml.gz":
            raw = self._doc("/sitemap.xml")
            body = gzip.compress(raw[0], mtime=0)
            ctype = "application/x-gzip"
        elif path in makers:
            make, ctype = makers[path]
            body = make().encode("utf-8")
        else:
            return None
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        doc = (body, ctype, etag, _rfc822(built))
        with self._lock:
            if self._version == version:
                self._docs[path] = doc
        return doc

    # ---- request handling ----
    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        try:
            self._route(h, method)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            h.close_connection = True

    def _route(self, h: BaseHTTPRequestHandler, method: str) -> None:
        target = h.path
        parts = urlsplit(target)
        path = parts.path or "/"
        now = time.monotonic()
        with self._lock:
            self._hits[path] += 1
            self._log.append((now, method, target, dict(h.headers.items())))
            if method == "GET":
                self._gets[path] += 1
            nget = self._gets[path]
        if self.latency:
            self._stop.wait(self.latency)

        if path in HOSTILE or path in CHAIN or path == "/hostile/loop2.html":
            return self._hostile(h, method, path, nget)
        if path in HOSTILE_FEEDS:
            return self._hostile_feed(h, method, path)
        if path == GDELT_PATH:
            return self._gdelt_answer(h, method, parse_qs(parts.query), now)
        doc = self._doc(path)
        if doc is not None:
            return self._send_doc(h, method, doc)
        if path in ("/", "/news/", "/news/index.html"):
            return self._send_page(h, method, "/news/index.html", lambda: render_index(self))
        spec = self._by_path.get(path)
        if spec is not None:
            ctype = "text/html; charset=utf-8" if spec.on_topic else "text/html"
            return self._send_page(h, method, path, lambda: render_article(self, spec), ctype)
        if path.startswith("/amp/") and self.articles and path[4:] == self.articles[AMP_OF].path:
            spec = self.articles[AMP_OF]
            return self._send_page(h, method, path, lambda: render_article(self, spec, amp=True))
        m = re.fullmatch(r"/bulk/(\d+)\.html", path)
        if m and int(m.group(1)) < self.bulk_pages:
            i = int(m.group(1))
            return self._send_page(h, method, path, lambda: render_bulk(i))
        if path == "/bulk/urls.txt" and self.bulk_pages:
            body = "".join(u + "\n" for u in self.bulk_urls).encode()
            return self._send(h, method, 200, body, "text/plain; charset=utf-8")
        self._send(h, method, 404, render_404(self).encode(), "text/html; charset=utf-8")

    def _wants_gzip(self, h) -> bool:
        return "gzip" in (h.headers.get("Accept-Encoding") or "").lower()

    def _send(
        self,
        h,
        method: str,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict | None = None,
        gz_key: str | None = None,
    ) -> None:
        extra = dict(headers or {})
        if gz_key is not None and len(body) > 512 and self._wants_gzip(h):
            with self._lock:
                gz = self._gz.get(gz_key)
            if gz is None:
                gz = gzip.compress(body, compresslevel=6, mtime=0)
                with self._lock:
                    self._gz[gz_key] = gz
            body = gz
            extra["Content-Encoding"] = "gzip"
        if gz_key is not None:
            extra["Vary"] = "Accept-Encoding"
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        if method != "HEAD":
            h.wfile.write(body)

    def _send_page(
        self, h, method, key: str, make, ctype: str = "text/html; charset=utf-8"
    ) -> None:
        with self._lock:
            body = self._pages.get(key)
        if body is None:
            body = make().encode("utf-8")
            with self._lock:
                self._pages[key] = body
        self._send(h, method, 200, body, ctype, {"Cache-Control": "max-age=300"}, gz_key=key)

    def _send_doc(self, h, method, doc) -> None:
        body, ctype, etag, lastmod = doc
        validators = {"ETag": etag, "Last-Modified": lastmod, "Cache-Control": "max-age=60"}
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            not_modified = "*" in tags or etag in tags
        elif ims:
            try:
                not_modified = parsedate_to_datetime(lastmod) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                not_modified = False
        if not_modified:
            h.send_response(304)
            for k, v in validators.items():
                h.send_header(k, v)
            h.end_headers()
            return
        key = "doc:" + etag if not ctype.startswith("application/x-gzip") else None
        self._send(h, method, 200, body, ctype, validators, gz_key=key)

    def _redirect(self, h, status: int, location: str) -> None:
        body = f'<html><body>Moved to <a href="{_e(location)}">{_e(location)}</a></body></html>'.encode()
        self._send(h, "GET", status, body, "text/html; charset=utf-8", {"Location": location})

    def _hostile(self, h, method: str, path: str, nget: int) -> None:
        html_ct = "text/html; charset=utf-8"
        if path == "/hostile/slow.html":
            if self._stop.wait(self.slow_seconds):
                h.close_connection = True
                return
            return self._send(h, method, 200, b"<html><body><p>Finally.</p></body></html>", html_ct)
        if path == "/hostile/flaky.html" and nget <= 1 and method == "GET":
            return self._send(
                h,
                method,
                500,
                b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                html_ct,
            )
        if path == "/hostile/ratelimited.html" and nget <= 1 and method == "GET":
            return self._send(
                h,
                method,
                429,
                b"<html><body><h1>429 Too Many Requests</h1></body></html>",
                html_ct,
                {"Retry-After": "1"},
            )
        if path == "/hostile/always500.html":
            return self._send(
                h,
                method,
                500,
                b"<html><body><h1>500 Internal Server Error</h1>"
                b"<p>upstream error</p></body></html>",
                html_ct,
            )
        if path == "/hostile/gone.html":
            return self._send(h, method, 404, render_404(self).encode(), html_ct)
        if path == "/hostile/loop.html":
            return self._redirect(h, 302, self.base_url + "/hostile/loop2.html")
        if path == "/hostile/loop2.html":
            return self._redirect(h, 302, "/hostile/loop.html")
        if path in CHAIN[:-1]:
            i = CHAIN.index(path)
            status = (301, 302, 307)[i]
            nxt = CHAIN[i + 1]
            return self._redirect(h, status, nxt if i != 1 else self.base_url + nxt)
        if path in ("/hostile/huge.html", "/hostile/huge-declared.html"):
            return self._stream_huge(h, method, declared=path.endswith("declared.html"))
        if path == "/hostile/bomb.html":
            body = gzip_bomb(self.bomb_bytes)
            h.send_response(200)
            h.send_header("Content-Type", html_ct)
            h.send_header("Content-Encoding", "gzip")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if method != "HEAD":
                h.wfile.write(body)
            return
        if path == "/hostile/binary.html":
            return self._send(h, method, 200, BINARY_BODY, html_ct)
        if path == "/hostile/pdf.pdf":
            return self._send(h, method, 200, PDF_BODY, "application/pdf")
        if path == "/hostile/empty.html":
            return self._send_page(h, method, path, lambda: render_empty(self))
        if path == "/hostile/latin1.html":
            spec = self.extra_articles[path]
            body = render_article(self, spec).encode("utf-8")
            return self._send(h, method, 200, body, "text/html; charset=iso-8859-1")
        spec = self.extra_articles.get(path)  # flaky, ratelimited, chain-end, private/leaked
        if spec is not None:
            return self._send_page(h, method, path, lambda: render_article(self, spec))
        self._send(h, method, 404, render_404(self).encode(), html_ct)

    def _stream_huge(self, h, method: str, declared: bool) -> None:
        total = self.huge_bytes
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            h.send_header("Content-Length", str(total))
        else:
            h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        if method == "HEAD":
            return
        sent = 0
        head = b"<!DOCTYPE html><html><head><title>Huge</title></head><body>\n"
        while sent < total and not self._stop.is_set():
            piece = head if sent == 0 else _HUGE_CHUNK
            piece = piece[: total - sent]
            if declared:
                h.wfile.write(piece)
            else:
                h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        if not declared and not self._stop.is_set():
            h.wfile.write(b"0\r\n\r\n")
        h.close_connection = True

    def _hostile_feed(self, h, method: str, path: str) -> None:
        ct = "application/rss+xml; charset=utf-8"
        if path == "/feeds/broken.xml":
            return self._send(h, method, 200, render_broken_feed(self).encode(), ct)
        if path == "/feeds/bomb.xml":
            return self._send(h, method, 200, render_bomb_feed(self).encode(), ct)
        # slow.xml: headers and the first 100 bytes, then a stall, then the rest
        body = render_rss(self, self._doc_time()).encode()
        h.send_response(200)
        h.send_header("Content-Type", ct)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if method == "HEAD":
            return
        h.wfile.write(body[:100])
        h.wfile.flush()
        if self._stop.wait(self.slow_seconds):
            h.close_connection = True
            return
        h.wfile.write(body[100:])

    def _gdelt_answer(self, h, method: str, qs: dict, now: float) -> None:
        params = {k: v[-1] for k, v in qs.items()}
        with self._lock:
            prev = self._gdelt[-1][0] if self._gdelt else None
            self._gdelt.append((now, params))
        text_ct = "text/html; charset=utf-8"
        if (
            self.gdelt_min_interval is not None
            and prev is not None
            and now - prev < self.gdelt_min_interval
        ):
            return self._send(
                h, method, 429, (GDELT_RATE_TEXT + "\n").encode(), "text/plain; charset=utf-8"
            )
        query = params.get("query", "").strip()
        if not query:
            return self._send(h, method, 200, b"The specified query was empty.\n", text_ct)
        if "brokenjson" in query.lower():
            return self._send(h, method, 200, (GDELT_ERROR_TEXT + "\n").encode(), text_ct)
        clauses = _parse_gdelt_query(query)
        try:
            maxrecords = max(1, min(250, int(params.get("maxrecords", "75"))))
        except ValueError:
            maxrecords = 75
        start = _parse_gdelt_dt(params.get("startdatetime", ""))
        end = _parse_gdelt_dt(params.get("enddatetime", ""))
        span = params.get("timespan", "")
        m = re.fullmatch(r"(\d+)\s*(min|h|hours?|d|days?|w|weeks?|m|months?)", span.lower())
        if m and start is None:
            n, unit = int(m.group(1)), m.group(2)
            delta = {
                "mi": timedelta(minutes=n),
                "h": timedelta(hours=n),
                "d": timedelta(days=n),
                "w": timedelta(weeks=n),
                "m": timedelta(days=30 * n),
            }[unit[:2] if unit.startswith("mi") else unit[0]]
            start = GDELT_NOW - delta
        hits = []
        for a in self.gdelt_articles():
            seen = _seen_dt(a.gdelt_seen)
            if (start and seen < start) or (end and seen > end):
                continue
            hay = (a.title + "\n" + a.text).lower()
            ok = all((not neg) == any(t in hay for t in alts) for neg, alts in clauses)
            if ok:
                hits.append((seen, a))
        hits.sort(key=lambda x: x[0], reverse=params.get("sort", "datedesc").lower() != "dateasc")
        hits = hits[:maxrecords]
        if params.get("format", "html").lower() != "json":
            rows = "".join(
                f'<li><a href="{self.base_url}{a.path}">{_e(a.title)}</a></li>' for _, a in hits
            )
            return self._send(
                h, method, 200, f"<html><body><ul>{rows}</ul></body></html>".encode(), text_ct
            )
        if not hits:
            return self._send(h, method, 200, b"{}", "application/json; charset=utf-8")
        arts = []
        for _, a in hits:
            amp = (
                (self.base_url + "/amp" + a.path)
                if self.articles and a is self.articles[AMP_OF]
                else ""
            )
            arts.append(
                {
                    "url": self.base_url + a.path,
                    "url_mobile": amp,
                    "title": a.title,
                    "seendate": a.gdelt_seen,
                    "socialimage": f"{self.base_url}/img/{a.slug}.jpg",
                    "domain": "127.0.0.1",
                    "language": "English",
                    "sourcecountry": "China",
                }
            )
        body = json.dumps({"articles": arts}, ensure_ascii=False, indent=1).encode()
        self._send(h, method, 200, body, "application/json; charset=utf-8")


def _filler(i: int) -> ArticleSpec:
    r = random.Random(10_000 + i)
    dt = datetime(2024, 4, 1, 8, 0, tzinfo=UTC) + timedelta(hours=7 * i)
    paras = []
    for _ in range(5):
        sents = r.sample(content.BULK_SENTENCES, 4)
        sents.insert(
            0,
            f"In {r.choice(content.BULK_PLACES)}, {r.choice(content.BULK_SUBJECTS)} "
            f"{r.choice(content.BULK_VERBS)} {r.choice(content.BULK_OBJECTS)}.",
        )
        paras.append(" ".join(sents) + f" Filler story {i}, paragraph {len(paras) + 1}.")
    return ArticleSpec(
        slug=f"filler-story-{i}",
        title=f"Filler story {i}: {r.choice(content.BULK_PLACES)} update",
        published=dt.isoformat(),
        authors=["Grace Wen"],
        section="China",
        on_topic=False,
        paragraphs=paras,
        style=STYLES[i % len(STYLES)],
        listed_in={"rss"},
    ).finalize()


def article_table() -> str:
    """The ARTICLE TABLE of the module docstring: topic, style, feeds/lists, status, path."""
    rows = []
    for a in content.build_articles() + list(content.hostile_articles().values()):
        where = ",".join(x for x in content.SOURCES if x in a.listed_in) or "-"
        rows.append(
            f"{'on' if a.on_topic else 'off':3} {a.style:9} {where:15} "
            f"{a.expected['status']:17} {a.path}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.support.newsite",
        description=f"Serve the {SITE_NAME} test site on 127.0.0.1.",
    )
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    ap.add_argument("--bulk", type=int, default=0, help="serve /bulk/0.html .. /bulk/N-1.html")
    ap.add_argument("--slow", type=float, default=5.0, help="stall of the slow endpoints, seconds")
    ap.add_argument("--articles", type=int, default=None, help="article_count")
    ap.add_argument("--table", action="store_true", help="print the article table and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = ap.parse_args(argv)
    if args.table:
        print(article_table())
        return 0
    site = NewsSite(
        latency=args.latency,
        bulk_pages=args.bulk,
        slow_seconds=args.slow,
        article_count=args.articles,
        verbose=args.verbose,
    )
    site.start(port=args.port)
    b = site.base_url
    print(
        f"{SITE_NAME} at {b}\n  {b}/news/index.html\n  {b}/rss.xml  {b}/atom.xml  {b}/sitemap.xml\n"
        f"  {b}/lists/urls.txt  {b}/lists/hostile.txt  {b}{GDELT_PATH}?query=xinjiang&mode=artlist&format=json"
        + (f"\n  {b}/bulk/urls.txt" if args.bulk else ""),
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
