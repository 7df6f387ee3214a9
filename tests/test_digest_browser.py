"""The HTML digest in a real headless browser (Debian's chromium): it renders, logs nothing
to the console, shows the script-tag title as text, and a screenshot is taken."""

import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from flows.digest import build_digest, write_digest
from tests.fixtures.digest.story import (
    EVIL_QUOTE,
    IMG_SENTENCE,
    QUIET_WEEK,
    SCRIPT_TITLE,
    WEEK,
    make_digest_db,
)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    """One headless run; console messages go to stderr as lines with CONSOLE in them."""
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *args],
        capture_output=True, text=True, timeout=120)


def console_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


class Elements(HTMLParser):
    """Tags, attributes and text of a DOM as the browser serialized it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("browser")
    db = make_digest_db(root / "story.duckdb")
    return {week: write_digest(build_digest(db, week), root / "digests")["html"]
            for week in (WEEK, QUIET_WEEK)}


def test_the_console_check_sees_errors(tmp_path):
    """A page with a broken script does log to the console, so the checks below can fail."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>notDefined();</script>")
    run = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert any("notDefined" in line for line in console_lines(run)), run.stderr[-2000:]


def test_digest_renders_with_a_screenshot_and_no_console_messages(pages, tmp_path):
    screenshot = tmp_path / "digest.png"
    run = chromium(tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1200,2000",
                   pages[WEEK].as_uri())
    assert console_lines(run) == []
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2000)
    assert len(data) > 50_000, "a page of text, tables and charts, not a blank screen"
    print(f"screenshot: {screenshot}")


def test_rendered_dom_shows_markup_from_articles_as_text(pages, tmp_path):
    run = chromium(tmp_path / "profile", "--dump-dom", pages[WEEK].as_uri())
    assert console_lines(run) == []
    dom = Elements()
    dom.feed(run.stdout)
    tags = [tag for tag, _ in dom.tags]
    assert "script" not in tags and "img" not in tags and "i" not in tags
    assert not [(tag, name) for tag, attrs in dom.tags for name in attrs
                if name.startswith("on")]
    text = " ".join(dom.text)
    for injected in (SCRIPT_TITLE, IMG_SENTENCE, EVIL_QUOTE, "<i>Mallory</i>"):
        assert injected in text
    assert tags.count("section") == 8 and tags.count("svg") >= 6
    hrefs = [attrs["href"] for tag, attrs in dom.tags if tag == "a"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_a_quiet_week_renders_cleanly(pages, tmp_path):
    run = chromium(tmp_path / "profile", "--dump-dom", pages[QUIET_WEEK].as_uri())
    assert console_lines(run) == []
    assert "A quiet week" in run.stdout
