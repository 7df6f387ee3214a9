"""Prefect flows: the same wiring as flows.ingest, with each stage as a Prefect task.

Imported only when Prefect is wanted (`drumbeat run --prefect`, `drumbeat serve`), since
importing Prefect alone costs over a second.
"""

from __future__ import annotations

import os

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.config import load_config
from flows.ingest import Reporter, ingest
from flows.records import SourceReport


class PrefectReporter(Reporter):
    """Stage progress into the flow run's log."""

    def __init__(self):
        self.log = get_run_logger()
        self.done = 0
        self.total = 0

    def phase(self, name: str, total: int | None = None) -> None:
        self.done, self.total = 0, total or 0
        self.log.info("stage %s%s", name, f" ({total} items)" if total else "")

    def advance(self, status: str) -> None:
        self.done += 1
        # A line every 100 URLs keeps long runs visible without flooding the UI.
        if self.done % 100 == 0 or self.done == self.total:
            self.log.info("%d/%d URLs processed", self.done, self.total)

    def source_done(self, report: SourceReport) -> None:
        self.log.log(20 if report.ok else 30, "source %s: %s", report.source_id, report.detail)

    def message(self, text: str) -> None:
        self.log.info(text)


def as_task(fn):
    # NO_CACHE: stage arguments include the config and open resources, never cache keys.
    return task(fn, name=fn.__name__.replace("_", "-"), cache_policy=NO_CACHE,
                log_prints=True)


# Retries of a failed slice: a lost Dask worker or a database busy past its wait; more
# would only repeat a systematic failure.
SLICE_RETRIES = 2


def spread_as_tasks(fn, calls: list[tuple]):
    """Each call a task submitted to the flow's task runner (Dask: over its workers);
    results as they finish. A slice that fails fails the run after the others end: what
    they stored stays, and its URLs are still pending for the next run."""
    from prefect.futures import as_completed

    # A slice run again (a failed worker) skips the URLs it already decided.
    submit = as_task(fn).with_options(retries=SLICE_RETRIES).submit
    futures = [submit(*args) for args in calls]
    failed = None
    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as exc:  # noqa: BLE001 - re-raised once every slice has ended
            failed = failed or exc
    if failed is not None:
        raise failed


@flow(name="ingest", log_prints=True)
def ingest_flow(config_path: str | None = None) -> dict:
    """Discover, fetch, extract and store articles for the configured topic."""
    cfg = load_config(config_path)
    spread = spread_as_tasks if cfg.cluster.task_runner == "dask" else None
    summary = ingest(cfg, PrefectReporter(), stage=as_task, spread=spread)
    get_run_logger().info("run %s %s: %s", summary.run_id, summary.status, summary.counts)
    return summary.as_dict()


@flow(name="digest", log_prints=True)
def digest_flow(config_path: str | None = None, week: str | None = None) -> list[str]:
    """Write (and deliver, when configured) the digest of a week, by default the last
    complete ISO week."""
    from flows.cli import make_digest
    lines = make_digest(load_config(config_path), week, deliver_it=True)
    for line in lines:
        get_run_logger().info(line)
    return lines


def task_runner(cfg):
    """The task runner [cluster] asks for; None keeps Prefect's default (threads)."""
    if cfg.cluster.task_runner != "dask":
        return None
    from prefect_dask import DaskTaskRunner

    if cfg.cluster.dask_address:
        return DaskTaskRunner(address=cfg.cluster.dask_address)
    workers = cfg.cluster.dask_local_workers or os.cpu_count() or 1
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def ingest_flow_for(cfg):
    """ingest_flow with the configured task runner."""
    runner = task_runner(cfg)
    return ingest_flow if runner is None else ingest_flow.with_options(task_runner=runner)


def deployments(cfg, config_path: str | None):
    """The scheduled deployments `drumbeat serve` runs: ingest hourly and the digest on
    Monday mornings by default."""
    from prefect.schedules import Cron

    params = {"config_path": config_path}
    zone = cfg.schedule.timezone
    return [
        ingest_flow_for(cfg).to_deployment(
            name="ingest-scheduled", schedule=Cron(cfg.schedule.ingest_cron, timezone=zone),
            parameters=params, description="Discover, fetch, extract and store new articles."),
        digest_flow.to_deployment(
            name="digest-weekly", schedule=Cron(cfg.schedule.digest_cron, timezone=zone),
            parameters=params, description="The weekly digest of the last complete week."),
    ]


def serve_forever(cfg, config_path: str | None) -> None:
    from prefect import serve

    # limit=1: two flows never hold the DuckDB file for writing at once.
    serve(*deployments(cfg, config_path), limit=1, pause_on_shutdown=False)
