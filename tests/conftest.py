"""Shared fixtures: the local news site on 127.0.0.1 and configs pointing at it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.config import Config, FetchConfig

REPO = Path(__file__).resolve().parents[1]

# Prefect's temporary server can take 20 s+ to start on a loaded 2-core machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture(scope="session")
def news_site():
    from tests.support.newsite import NewsSite
    site = NewsSite()
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the session's flow tests."""
    from prefect.testing.utilities import prefect_test_harness
    # A generous start-up wait: the temporary server takes 10-20 s on a 2-core machine.
    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_fetch_config(**overrides) -> FetchConfig:
    """Settings for tests: loopback allowed, no politeness delay, short timeouts."""
    values = dict(user_agent="drumbeat-test/1.0", allow_private_addresses=True,
                  per_host_delay=0.0, per_host_concurrency=4, connect_timeout=2.0,
                  read_timeout=1.0, total_timeout=10.0, max_retries=2, backoff_base=0.05,
                  max_body_bytes=5_000_000)
    values.update(overrides)
    return FetchConfig(**values)


test_fetch_config.__test__ = False  # a helper, not a test


# The topic of the seeds and test fetch settings (loopback allowed, no delay, short timeouts).
TOPIC_AND_FETCH_TOML = f"""
[topic]
seeds_dir = "{REPO / 'seeds'}"
keywords = ["xinjiang|kashgar|hotan|aksu|urumqi", "poverty|poverty alleviation",
            "labor transfer|labour transfer|vocational training|pre-job training",
            "employment|jobs|workers", "factory|factories|industrial park"]
required_keywords = ["xinjiang|kashgar|hotan|aksu|urumqi"]
relevance_threshold = 0.25

[fetch]
user_agent = "drumbeat-test/1.0"
allow_private_addresses = true
per_host_delay = 0.0
per_host_concurrency = 6
connect_timeout = 2.0
read_timeout = 1.0
total_timeout = 15.0
max_retries = 2
backoff_base = 0.05
"""


def site_config_toml(site, tmp_path: Path, *, extra_sources: str = "", fetch: str = "") -> Path:
    """A drumbeat.toml that follows the local news site."""
    base = site.base_url
    text = f"""
[storage]
database = "{tmp_path / 'data' / 'drumbeat.duckdb'}"
archive_dir = "{tmp_path / 'data' / 'archive'}"
batch_size = 10

{TOPIC_AND_FETCH_TOML}max_body_bytes = 5000000
{fetch}

[extract]
workers = 2

[gdelt]
api_base = "{base}/api/v2/doc/doc"
min_interval = 0.2
lookback_days = 2

[[sources]]
id = "site-rss"
kind = "feed"
url = "{base}/rss.xml"

[[sources]]
id = "site-atom"
kind = "feed"
url = "{base}/atom.xml"

[[sources]]
id = "site-sitemap"
kind = "sitemap"
url = "{base}/sitemap.xml"

[[sources]]
id = "site-list"
kind = "urllist"
url = "{base}/lists/urls.txt"

[[sources]]
id = "site-hostile"
kind = "urllist"
url = "{base}/lists/hostile.txt"

[[sources]]
id = "broken-feed"
kind = "feed"
url = "{base}/feeds/broken.xml"

[[sources]]
id = "bomb-feed"
kind = "feed"
url = "{base}/feeds/bomb.xml"

[[sources]]
id = "slow-feed"
kind = "feed"
url = "{base}/feeds/slow.xml"
{extra_sources}
"""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "drumbeat.toml"
    path.write_text(text)
    return path


@pytest.fixture
def make_config(tmp_path):
    from flows.config import load_config

    def build(site, **kwargs) -> Config:
        return load_config(site_config_toml(site, tmp_path, **kwargs), environ={})
    return build
