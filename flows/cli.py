"""The `drumbeat` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.config import Config, ConfigError, load_config
from flows.ingest import Reporter, RunSummary
from flows.records import SourceReport

app = typer.Typer(help="Follow one news topic over months: discover, fetch, extract, store, "
                  "and flag what recurs.", no_args_is_help=True, add_completion=False)
sources_app = typer.Typer(help="The configured sources.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[str | None, typer.Option(
    "--config", "-c", help="TOML file (default: $DRUMBEAT_CONFIG, then ./drumbeat.toml).")]

# Exit codes a scheduler can tell apart.
EXIT_CONFIG = 2
EXIT_BUSY = 3
EXIT_FAILED = 1


def _config(path: str | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        console.print(f"[red]config error:[/] {exc}")
        raise typer.Exit(EXIT_CONFIG) from None


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    console.print(f"[red]error:[/] {message}")
    raise typer.Exit(code)


class ProgressReporter(Reporter):
    """Rich progress bars on stderr, one per stage."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = None

    def phase(self, name: str, total: int | None = None) -> None:
        if self.task is not None:  # the previous stage is over: show it full and stop its clock
            done = self.progress.tasks[-1].completed or 1
            self.progress.update(self.task, total=done, completed=done)
            self.progress.stop_task(self.task)
        self.task = self.progress.add_task(name, total=total)

    def advance(self, status: str) -> None:
        if self.task is not None:
            self.progress.advance(self.task)

    def source_done(self, report: SourceReport) -> None:
        self.advance("")
        colour = "green" if report.ok else "yellow"
        self.progress.console.print(f"  [{colour}]{report.source_id}[/]: {escape(report.detail)}",
                                    soft_wrap=True)

    def message(self, text: str) -> None:
        self.progress.console.print(text)


def print_summary(summary: RunSummary) -> None:
    table = Table(title=f"run {summary.run_id}: sources", title_justify="left")
    for col in ("source", "kind", "ok", "found", "new", "detail"):
        table.add_column(col, overflow="fold")
    for r in summary.sources:
        table.add_row(r.source_id, r.kind, "yes" if r.ok else "[yellow]no[/]", str(r.found),
                      str(summary.new_urls.get(r.source_id, 0)), r.detail)
    out.print(table)
    counts = Table(title=f"run {summary.run_id}: URLs by status", title_justify="left")
    counts.add_column("status")
    counts.add_column("URLs", justify="right")
    for status, n in summary.counts.items():
        counts.add_row(status, str(n))
    if not summary.counts:
        counts.add_row("(nothing new to fetch)", "0")
    out.print(counts)
    if summary.analysis:
        a = summary.analysis
        out.print(f"analysed {a.get('articles', 0)} article(s): {a.get('claims', 0)} claim "
                  f"mentions, {a.get('new_clusters', 0)} new claim clusters, "
                  f"{a.get('quotes', 0)} quotes, {a.get('copies', 0)} copies, "
                  f"{a.get('flags', 0)} flags")
    off = summary.counts.get("off-topic", 0)
    if off:
        out.print(f"{off} article(s) filed off-topic (stored with on_topic = false): check the "
                  f"borderline ones with `drumbeat relevance --run {summary.run_id}`, correct "
                  "with `drumbeat label URL --on-topic`")
    out.print(f"{summary.status} in {summary.seconds:.1f} s; database: query with "
              "`drumbeat sql \"SELECT status, count(*) FROM urls GROUP BY 1\"`")


@app.command()
def init(config: ConfigOption = None) -> None:
    """Create the database (or apply new migrations) and print where it is."""
    from flows.store import StoreError, migrate
    cfg = _config(config)
    try:
        applied = migrate(cfg.database, force_views=True)
    except StoreError as exc:
        _fail(str(exc))
    out.print(f"database {cfg.database}: "
              + (f"applied {', '.join(applied)}" if applied else "up to date"))


@app.command()
def run(config: ConfigOption = None,
        prefect: Annotated[bool, typer.Option(
            help="Run as a Prefect flow (tracked by $PREFECT_API_URL, or a temporary local "
                 "server). Default: plain in-process run, no server needed.")] = False,
        json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
        = False) -> None:
    """Ingest: store the seeds, poll every source, fetch, extract and store new articles."""
    from flows.discover import DiscoveryError
    from flows.lock import RunInProgress
    from flows.store import DatabaseBusy, StoreError
    cfg = _config(config)
    try:
        if prefect:
            from flows.prefect_flows import ingest_flow_for
            data = ingest_flow_for(cfg)(config_path=cfg.path)
            out.print_json(json.dumps(data))
            return
        if cfg.cluster.task_runner != "local":
            console.print(f"[cluster] task_runner = {cfg.cluster.task_runner} applies to "
                          "Prefect runs (--prefect, drumbeat serve); this run fetches here.",
                          markup=False)
        from flows.ingest import ingest
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=False,
                      disable=json_output or not console.is_terminal and
                      os.environ.get("DRUMBEAT_PROGRESS") != "1") as progress:
            summary = ingest(cfg, ProgressReporter(progress))
    except RunInProgress as exc:
        _fail(str(exc), EXIT_BUSY)
    except DatabaseBusy as exc:
        _fail(str(exc), EXIT_BUSY)
    except (StoreError, DiscoveryError, ConfigError) as exc:
        _fail(str(exc))
    if json_output:
        out.print_json(json.dumps(summary.as_dict()))
    else:
        print_summary(summary)


@sources_app.command("list")
def sources_list(config: ConfigOption = None) -> None:
    """The configured sources with the outcome of their last poll."""
    cfg = _config(config)
    state: dict[str, tuple] = {}
    from flows.store.db import exists
    if exists(cfg.database):
        from flows.store import connect
        with connect(cfg.database, read_only=True) as con:
            try:
                rows = con.execute("SELECT source_id, last_checked_at, last_ok, last_detail "
                                   "FROM sources").fetchall()
            except Exception:
                rows = []
        state = {r[0]: r[1:] for r in rows}
    table = Table()
    for col in ("id", "kind", "enabled", "url or query", "last checked", "last result"):
        table.add_column(col, overflow="fold")
    for s in cfg.sources:
        checked, ok, detail = state.get(s.id, (None, None, ""))
        table.add_row(s.id, s.kind, "yes" if s.enabled else "no", s.url or s.query,
                      f"{checked:%Y-%m-%d %H:%M}" if checked else "never",
                      ("" if ok is None else ("ok: " if ok else "failed: ")) + (detail or ""))
    out.print(table)


@sources_app.command("check")
def sources_check(source_id: str, config: ConfigOption = None) -> None:
    """Poll one source now and show what it lists; stores nothing."""
    import asyncio

    from flows.fetch import Fetcher
    from flows.poll import poll_source
    cfg = _config(config)
    match = [s for s in cfg.sources if s.id == source_id]
    if not match:
        _fail(f"no source {source_id!r}; known: {', '.join(s.id for s in cfg.sources)}")

    async def check():
        async with Fetcher(cfg.fetch) as fetcher:
            return await poll_source(fetcher, match[0], cfg, None)

    report, found = asyncio.run(check())
    out.print(f"{report.source_id} ({report.kind}): {'ok' if report.ok else 'FAILED'}: "
              f"{report.detail}")
    for item in found[:50]:
        out.print(f"  {item.url}  {item.hints.published or ''}  {item.hints.title or ''}")
    if len(found) > 50:
        out.print(f"  ... and {len(found) - 50} more")
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def status(config: ConfigOption = None,
           last: Annotated[int, typer.Option(help="How many runs to show.")] = 10) -> None:
    """The last runs with their counts, and the totals by status."""
    from flows.store import connect
    cfg = _config(config)
    from flows.store.db import exists
    if not exists(cfg.database):
        _fail(f"no database at {cfg.database}: run `drumbeat run` first")
    with connect(cfg.database, read_only=True) as con:
        runs = con.execute("SELECT run_id, flow, started_at, finished_at, status, counts, error "
                           "FROM runs ORDER BY run_id DESC LIMIT ?", [last]).fetchall()
        totals = con.execute("SELECT status, count(*) FROM urls GROUP BY 1 ORDER BY 2 DESC"
                             ).fetchall()
        articles = con.execute("SELECT count(*), count(*) FILTER (WHERE on_topic), "
                               "count(DISTINCT outlet) FROM articles").fetchone()
    table = Table(title="runs", title_justify="left")
    for col in ("run", "flow", "started (UTC)", "took", "status", "counts"):
        table.add_column(col, overflow="fold")
    for run_id, flow, started, finished, state, counts, error in runs:
        took = f"{(finished - started).total_seconds():.1f} s" if finished else "-"
        summary = ", ".join(f"{k} {v}" for k, v in json.loads(counts or "{}").items())
        table.add_row(str(run_id), flow, f"{started:%Y-%m-%d %H:%M:%S}", took, state,
                      summary + (f" [red]{error}[/]" if error else ""))
    out.print(table)
    out.print("URLs by status: " + (", ".join(f"{s} {n}" for s, n in totals) or "none"))
    out.print(f"articles: {articles[0]} ({articles[1]} on topic) from {articles[2]} outlets")


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            _fail(f"--param takes NAME=VALUE, got {pair!r}", EXIT_CONFIG)
        params[name] = value
    return params


@app.command("sql")
def sql_command(
    query: Annotated[str | None, typer.Argument(help="SQL to run (read-only).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Run the SQL in a file.")]
    = None,
    named: Annotated[str | None, typer.Option("--query", "-q",
                     help="Run a named query from sql/queries (see --list).")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p",
                     help="NAME=VALUE for $NAME in the query; repeatable.")] = [],  # noqa: B006
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")]
    = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                      help="Write to this file (required for parquet).")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")]
    = False,
    config: ConfigOption = None,
) -> None:
    """Ask the database a question in SQL. Read-only; works while a run is in progress."""
    from flows.query import FORMATS, as_csv, as_json, named_queries, run_query, write_parquet
    from flows.store import StoreError
    if list_queries:
        for q in named_queries().values():
            params = f"  (params: {', '.join(q.params)})" if q.params else ""
            out.print(f"[bold]{q.name}[/]{escape(params)}\n  {escape(q.description)}")
        return
    given = [x for x in (query, file, named) if x]
    if len(given) != 1:
        _fail("give exactly one of: a SQL string, --file PATH, --query NAME", EXIT_CONFIG)
    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}", EXIT_CONFIG)
    if named:
        known = named_queries()
        if named not in known:
            _fail(f"no named query {named!r}; known: {', '.join(known)}", EXIT_CONFIG)
        text = known[named].sql
    elif file:
        if not file.is_file():
            _fail(f"no such file: {file}", EXIT_CONFIG)
        text = file.read_text(encoding="utf-8")
    else:
        text = query or ""
    params = _parse_params(param)
    cfg = _config(config)
    try:
        if fmt == "parquet":
            if output is None:
                _fail("--format parquet needs --output FILE", EXIT_CONFIG)
            rows = write_parquet(cfg.database, text, output, params)
            console.print(f"wrote {rows} row(s) to {output}")
            return
        result = run_query(cfg.database, text, params)
    except StoreError as exc:
        _fail(str(exc))
    if fmt == "table":
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        if output:
            output.write_text(as_csv(result), encoding="utf-8")
        out.print(table)
        console.print(f"{len(result.rows)} row(s)")
        return
    text_out = as_csv(result) if fmt == "csv" else as_json(result) + "\n"
    if output:
        output.write_text(text_out, encoding="utf-8")
        console.print(f"wrote {len(result.rows)} row(s) to {output}")
    else:
        sys.stdout.write(text_out)


@app.command()
def export(folder: Annotated[Path | None, typer.Argument(
        help="Folder for the Parquet files (default: export/ beside the database).")] = None,
        config: ConfigOption = None) -> None:
    """Write the main tables as Parquet files, for pandas, R, Spark or any other tool."""
    from flows.query import export_tables
    from flows.store import StoreError
    cfg = _config(config)
    folder = folder or cfg.archive_path.parent / "export"
    try:
        counts = export_tables(cfg.database, folder)
    except StoreError as exc:
        _fail(str(exc))
    for table, n in counts.items():
        out.print(f"{folder / (table + '.parquet')}: {n} rows")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="HTML files, plain or .gz.")] = [],  # noqa: B006
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", "-m", help='JSON lines of {"path": ..., "url": ...}.')] = None,
    workers: Annotated[int, typer.Option(help="Worker processes; 0 = one per core.")] = 0,
) -> None:
    """Run the pipeline's extraction on saved pages: one JSON record per page on stdout,
    with every field, the signal that won and its confidence."""
    import multiprocessing

    from flows.extract_files import extract_files
    if not files and manifest is None:
        _fail("give HTML files or --manifest FILE", EXIT_CONFIG)
    missing = [str(f) for f in [*files, *([manifest] if manifest else [])] if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}", EXIT_CONFIG)
    for record in extract_files(list(files), manifest, workers or multiprocessing.cpu_count()):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(
        help="Text or HTML files, plain or .gz.")] = [],  # noqa: B006
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", "-m", help='JSON lines of {"path": ..., "url": ...}.')] = None,
    workers: Annotated[int, typer.Option(help="Worker processes; 0 = one per core.")] = 0,
) -> None:
    """Run the per-article analysis on saved articles (HTML is extracted first): one JSON
    record per file on stdout, with sentences, claim candidates and quotes. Exit code 1
    when any file failed."""
    import multiprocessing

    from flows.analyze_files import analyze_files, article_files
    if not files and manifest is None:
        _fail("give text or HTML files or --manifest FILE", EXIT_CONFIG)
    if manifest is not None and not manifest.is_file():
        _fail(f"no such file: {manifest}", EXIT_CONFIG)
    try:
        pages = article_files(list(files), manifest)
    except ValueError as exc:
        _fail(str(exc), EXIT_CONFIG)
    failed = 0
    for record in analyze_files(pages, workers or multiprocessing.cpu_count()):
        failed += not record["ok"]
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failed:
        _fail(f"{failed} of {len(pages)} file(s) failed")


def _bar(description: str) -> Progress:
    return Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console,
                    disable=not console.is_terminal and os.environ.get("DRUMBEAT_PROGRESS") != "1")


@app.command()
def reextract(config: ConfigOption = None) -> None:
    """Rebuild extracted fields of stored articles from the WARC archive (no network)."""
    from flows.ingest import topic_profile
    from flows.lock import RunInProgress
    from flows.reextract import reextract as run_reextract
    from flows.store import StoreError
    cfg = _config(config)
    from flows.store.db import exists
    if not exists(cfg.database):
        _fail(f"no database at {cfg.database}: run `drumbeat run` first")
    profile, _ = topic_profile(cfg)
    try:
        with _bar("re-extract") as progress:
            task = progress.add_task("re-extract", total=None)
            counts = run_reextract(cfg, profile, advance=lambda _: progress.advance(task))
    except RunInProgress as exc:
        _fail(str(exc), EXIT_BUSY)
    except StoreError as exc:
        _fail(str(exc))
    out.print(f"re-extracted {counts.get('updated', 0)} article(s); "
              f"{counts.get('failed', 0)} kept their old fields")


def make_digest(cfg: Config, week: str | None, deliver_it: bool) -> list[str]:
    """Build, write and (when configured) deliver one week's digest; lines to print."""
    from flows.digest import build_digest, deliver, last_complete_week, write_digest
    week = week or last_complete_week()
    digest = build_digest(cfg.database, week, top=cfg.digest.top)
    paths = write_digest(digest, cfg.resolve(cfg.digest.folder))
    lines = [f"{kind}: {path}" for kind, path in paths.items()]
    if deliver_it:
        lines += deliver(digest, paths, cfg.digest)
    return lines


@app.command()
def digest(week: Annotated[str | None, typer.Option(
               help="ISO week like 2026-W47; default: the last complete week.")] = None,
           deliver: Annotated[bool, typer.Option(
               help="Send it by the configured email / webhook too.")] = True,
           config: ConfigOption = None) -> None:
    """Write the weekly digest as Markdown, self-contained HTML and JSON."""
    from flows.digest import DeliveryError, DigestError, parse_week
    from flows.store import DatabaseBusy, StoreError
    cfg = _config(config)
    if week:
        try:
            parse_week(week)
        except DigestError as exc:
            _fail(str(exc), EXIT_CONFIG)
    try:
        for line in make_digest(cfg, week, deliver):
            out.print(line, soft_wrap=True)
    except DatabaseBusy as exc:
        _fail(str(exc), EXIT_BUSY)
    except (DigestError, DeliveryError, StoreError) as exc:
        _fail(str(exc))


@app.command()
def reanalyze(config: ConfigOption = None) -> None:
    """Rebuild all claims, quotes, copies and flags from the stored article text."""
    from flows.analyze import reanalyze_all
    from flows.lock import RunInProgress, run_lock
    from flows.store import StoreError, migrate
    from flows.store.db import exists
    from flows.store.ingest import begin_run, finish_run
    cfg = _config(config)
    if not exists(cfg.database):
        _fail(f"no database at {cfg.database}: run `drumbeat run` first")
    try:
        with run_lock(cfg.database, "reanalyze"), _bar("re-analyse") as progress:
            migrate(cfg.database)
            run_id = begin_run(cfg.database, "reanalyze", cfg.fingerprint())
            task = progress.add_task("re-analyse", total=None)
            try:
                counts = reanalyze_all(cfg, run_id, advance=lambda _: progress.advance(task))
            except BaseException as exc:
                finish_run(cfg.database, run_id, "failed", f"{type(exc).__name__}: {exc}"[:500])
                raise
            finish_run(cfg.database, run_id, "completed")
    except RunInProgress as exc:
        _fail(str(exc), EXIT_BUSY)
    except StoreError as exc:
        _fail(str(exc))
    out.print("re-analysed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@app.command()
def label(
    url: Annotated[str | None, typer.Argument(help="The article's URL.")] = None,
    on_topic: Annotated[bool, typer.Option("--on-topic", help="It is on topic.")] = False,
    off_topic: Annotated[bool, typer.Option("--off-topic", help="It is off topic.")] = False,
    file: Annotated[Path | None, typer.Option(
        "--file", "-f", help='Lines "URL on" or "URL off" (# comments allowed).')] = None,
    config: ConfigOption = None,
) -> None:
    """Record that an article is on or off topic. Its on_topic follows the label from now
    on (never re-decided), and the next runs use it as an example in the relevance score."""
    from flows.store import DatabaseBusy, StoreError, migrate
    from flows.store.labels import Label, LabelError, parse_label_file, record_labels
    cfg = _config(config)
    if file is not None:
        if url or on_topic or off_topic:
            _fail("give either URL with --on-topic/--off-topic, or --file FILE", EXIT_CONFIG)
        if not file.is_file():
            _fail(f"no such file: {file}", EXIT_CONFIG)
        try:
            labels = parse_label_file(file.read_text(encoding="utf-8"), str(file))
        except LabelError as exc:
            _fail(str(exc), EXIT_CONFIG)
    else:
        if not url or on_topic == off_topic:
            _fail("give a URL and exactly one of --on-topic, --off-topic (or --file FILE)",
                  EXIT_CONFIG)
        labels = [Label(url, on_topic)]
    try:
        from flows.store.db import exists
        if exists(cfg.database):
            migrate(cfg.database)
        done = record_labels(cfg.database, labels)
    except LabelError as exc:
        _fail(str(exc), EXIT_CONFIG)
    except DatabaseBusy as exc:
        _fail(str(exc), EXIT_BUSY)
    except StoreError as exc:
        _fail(str(exc))
    for r in done:
        change = ("" if r.was_on_topic == r.on_topic else
                  " (was on topic: its analysis is removed)" if r.was_on_topic else
                  " (was off topic: the next run analyses it)")
        out.print(f"{'on' if r.on_topic else 'off'} topic: {r.url} [{r.article_id}]{change}",
                  soft_wrap=True)


@app.command()
def relevance(
    run_id: Annotated[int | None, typer.Option("--run", help="Run number (default: the last "
                      "run that stored articles).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many on each side of the "
                     "threshold.")] = 10,
    config: ConfigOption = None,
) -> None:
    """The borderline relevance decisions of a run, just above and below the threshold,
    with the parts of each score: check them, correct with `drumbeat label`."""
    from flows.store.db import exists
    from flows.store.labels import borderline
    cfg = _config(config)
    if not exists(cfg.database):
        _fail(f"no database at {cfg.database}: run `drumbeat run` first")
    run, threshold, rows = borderline(cfg.database, run_id, max(1, limit))
    if not rows:
        out.print(f"run {run}: no articles stored by this run")
        return
    table = Table(title=f"run {run}: decisions nearest the threshold {threshold} "
                  "(score = mean of story, description, keywords)", title_justify="left")
    for col in ("score", "on", "story (seeds/examples)", "descr.", "keywords", "note",
                "outlet", "title / URL"):
        table.add_column(col, overflow="fold")
    for _, url, outlet, title, score_, on, parts in rows:
        p = json.loads(parts or "{}")
        note = []
        if p.get("label"):
            note.append(f"labelled {p['label']}")
        if p.get("missing_required"):
            note.append("no " + "/".join(p["missing_required"]) + " in opening")
        if p.get("penalty"):
            note.append(f"near off-topic label -{p['penalty']:.2f}")
        seeds, examples = p.get("seeds", 0.0), p.get("examples", 0.0)
        story = p.get("story", max(seeds, examples))
        table.add_row(f"{score_:.3f}", "yes" if on else "no",
                      f"{story:.2f} ({seeds:.2f}/{examples:.2f})",
                      "-" if p.get("description") is None else f"{p['description']:.2f}",
                      f"{p.get('keywords', 0.0):.2f} {','.join(p.get('matched', []))}",
                      "; ".join(note), outlet or "", f"{title or ''}\n{url}")
    out.print(table)


@app.command()
def serve(config: ConfigOption = None) -> None:
    """Register the scheduled deployments with Prefect and run them until stopped."""
    cfg = _config(config)
    if not os.environ.get("PREFECT_API_URL"):
        console.print("[yellow]PREFECT_API_URL is not set:[/] Prefect starts a temporary local "
                      "server; runs are kept only while this process lives.")
    from flows.prefect_flows import serve_forever
    console.print(f"serving: ingest on '{cfg.schedule.ingest_cron}', digest on "
                  f"'{cfg.schedule.digest_cron}' ({cfg.schedule.timezone})")
    serve_forever(cfg, cfg.path)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()

