"""Discovery: turn what sources answer (feeds, sitemaps, GDELT, URL lists, seed files)
into Discovered records.

Every function here is pure over bytes or text: fetching is done elsewhere. Input that
cannot be used raises DiscoveryError, whose message is one line fit for a run report.
"""

from flows.discover.errors import DiscoveryError
from flows.discover.feeds import parse_feed
from flows.discover.gdelt import GDELT_MAX_RECORDS, gdelt_query_urls, parse_gdelt
from flows.discover.seeds import SeedArticle, load_seeds, seeds_as_discovered
from flows.discover.sitemaps import MAX_SITEMAP_BYTES, SitemapPage, parse_sitemap
from flows.discover.urllists import absolute_http_url, parse_url_list

__all__ = [
    "GDELT_MAX_RECORDS",
    "MAX_SITEMAP_BYTES",
    "DiscoveryError",
    "SeedArticle",
    "SitemapPage",
    "absolute_http_url",
    "gdelt_query_urls",
    "load_seeds",
    "parse_feed",
    "parse_gdelt",
    "parse_sitemap",
    "parse_url_list",
    "seeds_as_discovered",
]
