"""Configuration: defaults, the TOML file, environment overrides and clear errors."""

import pytest

from flows.config import ConfigError, load_config, parse_config


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config(environ={})
    assert cfg.path is None
    assert cfg.storage.database == "data/drumbeat.duckdb"
    assert cfg.fetch.allow_private_addresses is False
    assert cfg.sources == []


def test_shipped_config_loads_and_names_real_sources():
    from pathlib import Path
    cfg = load_config(Path(__file__).resolve().parents[1] / "drumbeat.toml", environ={})
    kinds = {s.kind for s in cfg.sources}
    assert {"feed", "sitemap", "gdelt"} <= kinds
    assert all(s.url.startswith("http") for s in cfg.sources if s.kind != "gdelt")
    assert cfg.topic.keywords, "the topic needs keywords beside the seeds"


def test_paths_are_relative_to_the_file(tmp_path):
    (tmp_path / "conf").mkdir()
    f = tmp_path / "conf" / "d.toml"
    f.write_text('[storage]\ndatabase = "db/x.duckdb"\n')
    cfg = load_config(f, environ={})
    assert cfg.database_path == tmp_path / "conf" / "db" / "x.duckdb"


def test_environment_overrides(tmp_path):
    cfg = load_config(None, environ={"DRUMBEAT_DATABASE": str(tmp_path / "a.duckdb"),
                                     "DRUMBEAT_FETCH__PER_HOST_DELAY": "2.5",
                                     "DRUMBEAT_FETCH__RESPECT_ROBOTS": "false",
                                     "DRUMBEAT_TOPIC__KEYWORDS": "a|b, c"})
    assert cfg.database_path == tmp_path / "a.duckdb"
    assert cfg.fetch.per_host_delay == 2.5
    assert cfg.fetch.respect_robots is False
    assert cfg.topic.keywords == ["a|b", "c"]


@pytest.mark.parametrize("data, message", [
    ({"fetch": {"per_host_delay": "slow"}}, "expected float"),
    ({"fetch": {"no_such_key": 1}}, "unknown key"),
    ({"nonsense": {}}, "unknown section"),
    ({"sources": [{"id": "a", "kind": "carrier-pigeon", "url": "http://x"}]}, "kind must be"),
    ({"sources": [{"id": "a", "kind": "gdelt"}]}, "needs a query"),
    ({"sources": [{"id": "a", "kind": "feed"}]}, "needs a url"),
    ({"sources": [{"id": "a", "kind": "feed", "url": "http://x"},
                  {"id": "a", "kind": "feed", "url": "http://y"}]}, "duplicate source id"),
    ({"cluster": {"task_runner": "spark"}}, "task_runner must be local or dask"),
    ({"cluster": {"slices": 0}}, "slices must be at least 1"),
    ({"recurrence": {"claim_link_score": 1.0}}, "claim_link_score must be between 0 and 1"),
    ({"recurrence": {"semantic_floor": 1.5}}, "semantic_floor is a cosine"),
])
def test_bad_config_is_one_clear_line(data, message):
    with pytest.raises(ConfigError, match=message) as info:
        parse_config(data, "drumbeat.toml")
    assert "\n" not in str(info.value)


def test_bad_environment_value_is_named():
    with pytest.raises(ConfigError, match="DRUMBEAT_FETCH__MAX_RETRIES"):
        load_config(None, environ={"DRUMBEAT_FETCH__MAX_RETRIES": "many"})
    with pytest.raises(ConfigError, match="no setting"):
        load_config(None, environ={"DRUMBEAT_FETCH__NOPE": "1"})


def test_broken_toml_names_the_file(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[storage\n")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(f, environ={})
