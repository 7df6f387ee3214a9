"""robots.txt rules per host, fetched once per run through the same polite client."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

# robots.txt files larger than this are cut (Google reads the first 500 KiB too).
MAX_ROBOTS_BYTES = 500 * 1024
# Never let a robots.txt Crawl-delay stall a run for longer than this per request.
MAX_CRAWL_DELAY = 30.0


@dataclass(slots=True)
class RobotsRules:
    parser: RobotFileParser | None  # None: everything allowed
    disallow_all: bool = False
    crawl_delay: float | None = None
    note: str = ""

    def allows(self, user_agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(user_agent, url)


def rules_from_response(status: int | None, body: bytes | None, user_agent: str) -> RobotsRules:
    """Interpret a robots.txt response the way major crawlers do: 4xx means no rules, 5xx and
    unreachable mean stay away for now, 2xx is parsed."""
    if status is None or status >= 500:
        return RobotsRules(None, disallow_all=True, note=f"robots.txt unavailable ({status})")
    if status >= 400:
        return RobotsRules(None, note=f"no robots.txt ({status})")
    text = (body or b"")[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    agent = user_agent.split("/")[0]
    delay = parser.crawl_delay(agent)
    return RobotsRules(parser, crawl_delay=min(float(delay), MAX_CRAWL_DELAY) if delay else None)
