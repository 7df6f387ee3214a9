"""docker-compose.yml and the Dockerfile, checked by reading them (no Docker engine here)."""

import re

import yaml

from tests.conftest import REPO


def test_compose_has_prefect_server_postgres_and_a_drumbeat_worker():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "prefect-server", "drumbeat", "dask-scheduler",
                             "dask-worker"}
    server = services["prefect-server"]
    assert server["image"].startswith("prefecthq/prefect:3.8.8")
    assert "postgresql+asyncpg://" in server["environment"][
        "PREFECT_SERVER_DATABASE_CONNECTION_URL"]
    assert server["depends_on"]["postgres"]["condition"] == "service_healthy"
    worker = services["drumbeat"]
    assert worker["environment"]["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    assert worker["command"] == ["drumbeat", "serve"]
    volume = worker["volumes"][0].split(":")
    assert volume[0] in compose["volumes"]
    assert worker["environment"]["DRUMBEAT_DATABASE"].startswith(volume[1])
    # the Dask cluster only with --profile dask; its workers see the same data volume
    dask = services["dask-worker"]
    assert services["dask-scheduler"]["profiles"] == dask["profiles"] == ["dask"]
    assert dask["command"][:3] == ["dask", "worker", "tcp://dask-scheduler:8786"]
    assert worker["environment"]["DRUMBEAT_CLUSTER__DASK_ADDRESS"] == dask["command"][2]
    assert dask["volumes"] == worker["volumes"]
    assert dask["environment"]["DRUMBEAT_DATABASE"] == worker["environment"]["DRUMBEAT_DATABASE"]
    for service in services.values():
        if "image" in service:
            assert re.search(r":\d", service["image"]), "pin every image version"


def test_dockerfile_installs_the_pinned_tree_and_serves():
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("# ") and "FROM python:3.11" in text
    assert "-c requirements.lock" in text
    assert 'CMD ["drumbeat", "serve"]' in text
    for folder in ("flows", "sql", "seeds"):
        assert f"COPY {folder} " in text
