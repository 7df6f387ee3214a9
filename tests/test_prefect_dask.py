"""Fetching and extraction spread over a Dask cluster: the ingest flow on a DaskTaskRunner
(a local cluster of two worker processes) against two local news sites, compared URL by
URL with a plain run of the same config."""

import os

import pytest

from flows.config import load_config
from flows.ingest import fetch_slice, ingest, slice_by_outlet, topic_profile
from flows.process import WorkItem
from flows.records import Hints
from flows.store import connect
from flows.urls import outlet_of, url_key
from tests.conftest import TOPIC_AND_FETCH_TOML
from tests.support.newsite import NewsSite

pytestmark = pytest.mark.prefect


def test_slices_keep_each_outlet_whole():
    urls = [f"https://{host}/a/{i}" for i in range(30)
            for host in ("www.example.com", "m.example.com", "news.example.org", "other.net")]
    items = [WorkItem(str(i), url, "s", Hints()) for i, url in enumerate(urls)]
    slices = slice_by_outlet(items, 16)
    assert sum(len(s) for s in slices) == len(items) and all(slices)
    outlets = [{outlet_of(item.url) for item in part} for part in slices]
    # www. and m.example.com are one outlet: never split
    assert sum("example.com" in part for part in outlets) == 1
    assert sorted(o for part in outlets for o in part) == [
        "example.com", "example.org", "other.net"]
    assert len(slice_by_outlet(items, 1)) == 1


@pytest.fixture
def second_site():
    site = NewsSite(url_host="localhost", article_count=12)
    site.start()
    yield site
    site.stop()


def config_text(tmp_path, first, second, runner: str) -> str:
    return f"""
[storage]
database = "{tmp_path / runner / 'drumbeat.duckdb'}"
archive_dir = "{tmp_path / runner / 'archive'}"
batch_size = 5

{TOPIC_AND_FETCH_TOML}
[cluster]
task_runner = "{runner}"
dask_local_workers = 2
slices = 8

[[sources]]
id = "first-sitemap"
kind = "sitemap"
url = "{first.base_url}/sitemap.xml"

[[sources]]
id = "first-hostile"
kind = "urllist"
url = "{first.base_url}/lists/hostile.txt"

[[sources]]
id = "second-list"
kind = "urllist"
url = "{second.base_url}/lists/urls.txt"
"""


def statuses(cfg) -> dict:
    with connect(cfg.database_path, read_only=True) as con:
        return dict(con.execute("SELECT url_key, status FROM urls").fetchall())


def test_ingest_flow_on_a_dask_cluster_stores_what_a_plain_run_stores(
        prefect_harness, news_site, second_site, tmp_path):
    import asyncio

    from prefect.client.orchestration import get_client

    from flows.prefect_flows import ingest_flow_for
    configs = {}
    for runner in ("local", "dask"):
        path = tmp_path / f"{runner}.toml"
        path.write_text(config_text(tmp_path, news_site, second_site, runner))
        configs[runner] = load_config(path, environ={})

    plain = ingest(configs["local"])
    state = ingest_flow_for(configs["dask"])(config_path=configs["dask"].path,
                                             return_state=True)
    assert state.is_completed(), state.message
    summary = state.result()

    expected = statuses(configs["local"])
    assert summary["counts"] == plain.counts
    assert statuses(configs["dask"]) == expected
    assert sum(s == "stored" for s in expected.values()) >= 20
    assert {"timeout", "http-500", "too-large"} <= set(expected.values())
    with connect(configs["dask"].database_path, read_only=True) as con:
        outlets = dict(con.execute("SELECT outlet, count(*) FROM articles "
                                   "WHERE source_id <> 'seeds' GROUP BY 1").fetchall())
        warcs = {w for (w,) in con.execute("SELECT DISTINCT warc_file FROM fetches "
                                           "WHERE warc_file IS NOT NULL").fetchall()}
    assert set(outlets) == {"127.0.0.1", "localhost"}
    # one archive file per slice, written by the worker that ran it
    assert len(warcs) == 2 and all(str(os.getpid()) not in w for w in warcs)

    async def slice_runs():
        async with get_client() as client:
            runs = await client.read_task_runs()
            return [r for r in runs if r.flow_run_id == state.state_details.flow_run_id
                    and r.name.startswith("fetch-slice")]
    runs = asyncio.run(slice_runs())
    assert len(runs) == 2 and all(r.state.is_completed() for r in runs)

    # A slice run again within its run (a retried task, a lost worker) fetches only the
    # URLs the run has not decided: here one URL put back to pending (a 404).
    cfg = configs["dask"]
    with connect(cfg.database_path) as con:
        rows = con.execute("SELECT url_key, url, first_source_id FROM urls "
                           "ORDER BY url_key").fetchall()
        reopened = con.execute("UPDATE urls SET status = 'pending', status_run_id = NULL "
                               "WHERE url_key = (SELECT min(url_key) FROM urls "
                               "WHERE status = 'http-404') "
                               "RETURNING url").fetchall()
    items = [WorkItem(key, url, source, Hints()) for key, url, source in rows]

    def page_hits():  # robots.txt aside: a new fetcher reads it again
        return {(site.port, path): n for site in (news_site, second_site)
                for path, n in site.hits.items() if path != "/robots.txt"}
    before = page_hits()
    again = fetch_slice(cfg, summary["run_id"], topic_profile(cfg)[0], items, "again")
    assert again.urls == 1 and again.counts == {"http-404": 1}
    after = page_hits()
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k)} == {
        (news_site.port, "/hostile/gone.html"): 1}
    assert statuses(cfg)[url_key(reopened[0][0])] == "http-404"
