"""Past one machine: two ingest processes at once against one DuckLake catalog in a local
Postgres. Nothing is lost and nothing is duplicated."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.config import load_config
from flows.store import connect, transaction
from flows.store.summaries import rebuild_summaries
from tests.conftest import REPO, site_config_toml
from tests.support.newsite import NewsSite

pytestmark = pytest.mark.e2e

PG_BIN = [Path(p).parent for p in (shutil.which("initdb"), shutil.which("pg_ctl")) if p]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """initdb refuses to run as root; as root, the server runs as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    return "postgres" if _user_exists("postgres") else "nobody"


def _as_postgres_user(args: list[str]) -> list[str]:
    user = _server_user()
    return args if user is None else ["su", user, "-s", "/bin/sh", "-c", " ".join(args)]


def _user_exists(name: str) -> bool:
    import pwd
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture(scope="module")
def postgres():
    if len(PG_BIN) < 2:
        pytest.skip("initdb and pg_ctl are not on PATH: install PostgreSQL server binaries")
    import pwd
    import tempfile
    # Outside pytest's private tmp folder, which the server's user could not enter.
    base = Path(tempfile.mkdtemp(prefix="drumbeat-pg-"))
    if _server_user():
        os.chown(base, pwd.getpwnam(_server_user()).pw_uid, -1)
    data, port = base / "data", _free_port()
    subprocess.run(_as_postgres_user(["initdb", "-D", str(data), "-U", "postgres",
                                      "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True, timeout=120)
    subprocess.run(_as_postgres_user([
        "pg_ctl", "-D", str(data), "-l", str(base / "log"), "-w", "-o",
        f"'-p {port} -k {base} -c listen_addresses=127.0.0.1'", "start"]),
        check=True, capture_output=True, timeout=120)
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c",
                    "CREATE DATABASE lake"], check=True, capture_output=True, timeout=60)
    yield port
    subprocess.run(_as_postgres_user(["pg_ctl", "-D", str(data), "-m", "fast", "stop"]),
                   capture_output=True, timeout=120)
    shutil.rmtree(base, ignore_errors=True)


def test_two_ingest_processes_at_once_lose_and_duplicate_nothing(postgres, tmp_path):
    lake_data = tmp_path / "lake"
    with NewsSite(latency=0.05) as site:
        config = site_config_toml(site, tmp_path, fetch="")
        text = config.read_text().replace(
            '[storage]\n', '[storage]\nbackend = "ducklake"\n'
            f'ducklake_catalog = "postgres:dbname=lake host=127.0.0.1 port={postgres} '
            f'user=postgres"\nducklake_data_path = "{lake_data}"\n', 1)
        config.write_text(text)
        env = {**os.environ, "DRUMBEAT_CONFIG": str(config),
               "DRUMBEAT_EXTENSION_DIR": str(tmp_path / "ext")}
        # The catalog is created once first, as `drumbeat init` would on a real deployment.
        init = subprocess.run([sys.executable, "-m", "flows.cli", "init"], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert init.returncode == 0, init.stderr
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--json"], env=env,
                                  cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=600) for p in procs]
        for proc, (_out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err
        assert time.monotonic() - started < 600
        cfg = load_config(config, environ={})
        with connect(cfg.database, read_only=True) as con:
            def one(sql):
                return con.execute(sql).fetchall()
            runs = one("SELECT run_id, status FROM runs ORDER BY run_id")
            urls = one("SELECT count(*), count(DISTINCT url_key) FROM urls")[0]
            articles = one("SELECT count(*), count(DISTINCT canonical_key), "
                           "count(DISTINCT article_id) FROM articles")[0]
            open_urls = one("SELECT count(*) FROM urls WHERE status = 'pending'")[0][0]
            stored_specs = one("SELECT count(*) FROM urls WHERE status IN ('stored', "
                               "'off-topic')")[0][0]
            pairs = one("SELECT count(*), count(DISTINCT (url_key, source_id)) "
                        "FROM url_sources")[0]
            analysed = one("SELECT count(*), count(DISTINCT article_id) FROM article_analysis")[0]
            on_topic = one("SELECT count(*) FROM articles WHERE on_topic")[0][0]
            mentions = one("SELECT count(*), count(DISTINCT (article_id, start_offset)) "
                           "FROM claim_mentions")[0]
            kept = one("SELECT * FROM claim_clusters ORDER BY cluster_id")
        # the summaries the two writers kept are what a recomputation from the rows gives
        with transaction(cfg.database) as con:
            rebuild_summaries(con)
            rebuilt = con.execute("SELECT * FROM claim_clusters ORDER BY cluster_id").fetchall()
    assert runs == [(1, "completed"), (2, "completed")]
    assert urls[0] == urls[1], "a URL was recorded twice"
    assert articles[0] == articles[1] == articles[2], "an article was stored twice"
    assert pairs[0] == pairs[1]
    assert open_urls == 0, "a URL was left without a final status"
    assert analysed[0] == analysed[1] == on_topic, "an article was analysed twice or not at all"
    assert mentions[0] == mentions[1] > 0
    assert kept == rebuilt and sum(row[3] for row in kept) == mentions[0]
    expected = sum(1 for a in site.articles if a.expected["status"] in ("stored", "off-topic"))
    assert stored_specs >= expected
