"""load_seeds on the project's own seeds/ folder and on broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.discover import DiscoveryError, load_seeds, seeds_as_discovered

PROJECT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write_seeds(folder: Path, manifest: str, **texts: str) -> Path:
    (folder / "seeds.toml").write_text(manifest, encoding="utf-8")
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_project_seeds_load_with_their_provenance():
    seeds = load_seeds(PROJECT_SEEDS)

    assert [seed.file.name for seed in seeds] == [
        "000_78f81013ece9ebda.txt",
        "004_3c7c0ab06c4c2a67.txt",
    ]
    chinaxinjiang, ecns = seeds
    assert chinaxinjiang.url == (
        "http://eng.chinaxinjiang.cn/2020/04/08/70560d9586a34912bc9b9ffc4ed67ba6.html"
    )
    assert chinaxinjiang.outlet == "eng.chinaxinjiang.cn"
    assert chinaxinjiang.published == "2020-04-08"
    assert chinaxinjiang.title == "Xinjiang's anti-poverty steps achieving fruitful results"
    assert chinaxinjiang.text.splitlines()[0] == chinaxinjiang.title
    assert ecns.url == "http://ecns.cn/business/2016/10-26/231594.shtml"
    assert ecns.outlet == "ecns.cn"
    assert ecns.published == "2016-10-26"
    assert ecns.title is None  # the file has no title line and none is invented
    assert ecns.text.startswith("Everyday when their shift ends")


def test_seeds_become_discovered_urls_with_hints():
    found = seeds_as_discovered(load_seeds(PROJECT_SEEDS))

    assert [item.source_id for item in found] == ["seeds", "seeds"]
    assert found[0].hints.published == "2020-04-08"
    assert found[0].hints.outlet == "eng.chinaxinjiang.cn"
    assert found[1].hints.title is None


def test_quoted_date_and_optional_keys_left_out_are_accepted(tmp_path):
    write_seeds(
        tmp_path,
        '[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\noutlet = "a.example"\n'
        'published = "2021-01-02"\n',
        a="Some text.\n",
    )

    (seed,) = load_seeds(tmp_path)

    assert (seed.published, seed.title, seed.language, seed.text) == (
        "2021-01-02", None, None, "Some text.\n",
    )


def test_missing_text_file_is_named(tmp_path):
    write_seeds(
        tmp_path,
        '[[seed]]\nfile = "gone.txt"\nurl = "https://a.example/x"\noutlet = "a.example"\n'
        "published = 2021-01-02\n",
    )

    with pytest.raises(DiscoveryError) as broken:
        load_seeds(tmp_path)

    message = str(broken.value)
    assert "seed #1 (gone.txt): file not found" in message
    assert str(tmp_path / "gone.txt") in message


def test_missing_manifest_is_named(tmp_path):
    with pytest.raises(DiscoveryError, match=r"seeds\.toml: file not found"):
        load_seeds(tmp_path)


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ('[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\n', "missing outlet, published"),
        (
            '[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\noutlet = "a"\n'
            "published = 2021-13-40\n",
            "invalid TOML",
        ),
        (
            '[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\noutlet = "a"\n'
            'published = "April 2021"\n',
            "published must be a date (YYYY-MM-DD), got 'April 2021'",
        ),
        (
            '[[seed]]\nfile = "a.txt"\nurl = "ecns.cn/a"\noutlet = "a"\npublished = 2021-01-02\n',
            "url is not an absolute http(s) URL: ecns.cn/a",
        ),
        (
            '[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\noutlet = "a"\n'
            'published = 2021-01-02\ntittle = "typo"\n',
            "unknown key(s) tittle",
        ),
        (
            '[[seed]]\nfile = "../a.txt"\nurl = "https://a.example/x"\noutlet = "a"\n'
            "published = 2021-01-02\n",
            "file must be inside",
        ),
        (
            '[seed]\nfile = "a.txt"\n',
            "seeds are written as [[seed]] tables",
        ),
    ],
)
def test_bad_entries_raise_naming_the_entry(tmp_path, manifest, reason):
    write_seeds(tmp_path, manifest, a="Some text.\n")

    with pytest.raises(DiscoveryError) as broken:
        load_seeds(tmp_path)

    assert reason in str(broken.value)
    assert "seeds.toml" in str(broken.value)


def test_seed_text_that_is_not_utf8_is_named(tmp_path):
    write_seeds(
        tmp_path,
        '[[seed]]\nfile = "a.txt"\nurl = "https://a.example/x"\noutlet = "a"\n'
        "published = 2021-01-02\n",
    )
    (tmp_path / "a.txt").write_bytes("Ürümqi".encode("cp1252"))

    with pytest.raises(DiscoveryError, match=r"a\.txt: not UTF-8 text"):
        load_seeds(tmp_path)
