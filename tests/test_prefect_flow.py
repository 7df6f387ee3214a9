"""The ingest flow under Prefect's test harness (one temporary server for the session)."""

import pytest

from flows.config import load_config
from tests.conftest import site_config_toml

pytestmark = pytest.mark.prefect


def test_ingest_flow_runs_every_stage_as_a_task(prefect_harness, news_site, tmp_path):
    import asyncio

    from prefect.client.orchestration import get_client

    from flows.prefect_flows import ingest_flow
    config = site_config_toml(news_site, tmp_path)
    state = ingest_flow(config_path=str(config), return_state=True)
    assert state.is_completed(), state.message
    summary = state.result()
    assert summary["status"] == "completed"
    assert summary["counts"]["stored"] >= 15
    assert {s["id"] for s in summary["sources"]} >= {"site-rss", "site-sitemap"}

    async def task_names():
        async with get_client() as client:
            runs = await client.read_task_runs()
            return {r.name.rsplit("-", 1)[0] for r in runs
                    if r.flow_run_id == state.state_details.flow_run_id}
    assert {"store-seeds", "discover", "fetch-and-store"} <= asyncio.run(task_names())


def test_serve_schedules_carry_cron_and_time_zone(tmp_path):
    from flows.prefect_flows import deployments
    path = tmp_path / "d.toml"
    path.write_text('[schedule]\ningest_cron = "15 * * * *"\ntimezone = "Asia/Shanghai"\n')
    cfg = load_config(path, environ={})
    ingest, digest = deployments(cfg, str(path))
    (schedule,) = ingest.schedules
    assert schedule.schedule.cron == "15 * * * *"
    assert schedule.schedule.timezone == "Asia/Shanghai"
    assert ingest.parameters == {"config_path": str(path)}
    (weekly,) = digest.schedules
    assert weekly.schedule.cron == "0 7 * * 1"  # the default: Monday morning
    assert weekly.schedule.timezone == "Asia/Shanghai"
