"""Polite, defensive HTTP fetching with one shared httpx.AsyncClient.

Per host: a concurrency cap and a minimum delay between request starts (raised to the
site's Crawl-delay), robots.txt, and a pause for everyone when the host answers 429.
Per request: connect/read/total timeouts, retries with exponential backoff and full jitter
that honour Retry-After, redirects followed by hand (each hop re-checked), a cap on the body
after decompression, HTML-only content types for pages, and a refusal of private, loopback
and link-local addresses unless the configuration allows them.

Every outcome is a FetchResult whose status is one of records.Status or http-NNN; nothing
here raises for a bad server.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import random
import socket
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from flows.archive import body_sha256
from flows.config import FetchConfig
from flows.records import FetchResult, Status, http_status
from flows.robots import RobotsRules, rules_from_response
from flows.urls import is_public_address

HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_HTTP = {429, 500, 502, 503, 504}
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                 b"RIFF", b"\x00\x00\x01\x00", b"OggS", b"ID3")
# Bytes looked at to tell a page from binary: a NUL or a magic number shows within the first KB.
_SNIFF_BYTES = 1024


class _TooLarge(Exception):
    pass


@dataclass(slots=True)
class _Hop:
    """One HTTP exchange without redirects followed."""

    status: str
    http_status: int | None = None
    location: str | None = None
    headers: httpx.Headers | None = None
    body: bytes | None = None
    detail: str = ""
    retry_after: float | None = None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def looks_binary(body: bytes) -> bool:
    head = body[:_SNIFF_BYTES]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def charset_of(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


class HostGate:
    """At most `concurrency` requests at once to one host, starts at least `delay` apart."""

    def __init__(self, concurrency: int, delay: float):
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self._lock = asyncio.Lock()
        self.delay = delay
        self._next_start = 0.0

    def pause(self, seconds: float) -> None:
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self):
        async with self._slots:
            async with self._lock:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = time.monotonic() + self.delay
            yield


class Fetcher:
    """Use as `async with Fetcher(cfg) as f: await f.fetch_page(key, url)`."""

    def __init__(self, cfg: FetchConfig):
        self.cfg = cfg
        self._client: httpx.AsyncClient | None = None
        self._global = asyncio.Semaphore(max(1, cfg.global_concurrency))
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, asyncio.Task[RobotsRules]] = {}
        self._address_verdicts: dict[tuple[str, int], str | None] = {}

    async def __aenter__(self) -> Fetcher:
        cfg = self.cfg
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            headers={"User-Agent": cfg.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept-Language": "en;q=1.0, *;q=0.5"},
            timeout=httpx.Timeout(connect=cfg.connect_timeout, read=cfg.read_timeout,
                                  write=cfg.read_timeout, pool=None),
            limits=httpx.Limits(max_connections=cfg.global_concurrency,
                                max_keepalive_connections=cfg.global_concurrency),
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        for task in self._robots.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()

    # -- public -------------------------------------------------------------------------

    async def fetch_page(self, url_key: str, url: str) -> FetchResult:
        """An article page: robots.txt applies and only HTML is accepted."""
        return await self._fetch(url_key, url, page=True)

    async def fetch_document(self, url: str, *, etag: str | None = None,
                             last_modified: str | None = None,
                             max_bytes: int | None = None) -> FetchResult:
        """A feed, sitemap, list or API answer: any content type, conditional GET."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._fetch(url, url, page=False, extra_headers=headers,
                                 max_bytes=max_bytes)

    # -- the exchange ---------------------------------------------------------------------

    async def _fetch(self, url_key: str, url: str, *, page: bool,
                     extra_headers: dict[str, str] | None = None,
                     max_bytes: int | None = None) -> FetchResult:
        result = FetchResult(url_key=url_key, requested_url=url, fetched_at=now_iso())
        started = time.monotonic()
        seen = {url}
        current = url
        try:
            for _ in range(self.cfg.max_redirects + 1):
                refusal = await self._refusal(current, page=page)
                if refusal is not None:
                    result.status, result.detail = refusal
                    break
                hop = await self._with_retries(current, page=page, extra=extra_headers or {},
                                               max_bytes=max_bytes or self.cfg.max_body_bytes)
                if hop.location is None:
                    self._finish(result, hop, current)
                    break
                result.redirects.append(current)
                current = urljoin(current, hop.location)
                if current in seen:
                    result.status = Status.TOO_MANY_REDIRECTS
                    result.detail = f"redirect loop back to {current}"
                    break
                seen.add(current)
            else:
                result.status = Status.TOO_MANY_REDIRECTS
                result.detail = f"more than {self.cfg.max_redirects} redirects"
        finally:
            result.elapsed_ms = int((time.monotonic() - started) * 1000)
        if result.final_url is None and result.status != Status.PENDING:
            result.final_url = current
        return result

    def _finish(self, result: FetchResult, hop: _Hop, url: str) -> None:
        result.status, result.detail = hop.status, hop.detail
        result.http_status = hop.http_status
        result.final_url = url
        if hop.headers is not None:
            result.response_headers = list(hop.headers.multi_items())
            result.content_type = hop.headers.get("content-type")
            result.charset = charset_of(result.content_type)
        if hop.body is not None:
            result.body = hop.body
            result.sha256 = body_sha256(hop.body)

    async def _refusal(self, url: str, *, page: bool) -> tuple[str, str] | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Status.BAD_URL, f"cannot fetch {url[:200]!r}"
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return Status.BAD_URL, f"bad port in {url[:200]!r}"
        verdict = await self._address_verdict(parts.hostname, port)
        if verdict is not None:
            return verdict
        if page and self.cfg.respect_robots:
            rules = await self._rules_for(url)
            if not rules.allows(self.cfg.user_agent, url):
                return Status.ROBOTS, f"disallowed by {parts.scheme}://{parts.netloc}/robots.txt"
        return None

    async def _address_verdict(self, host: str, port: int) -> tuple[str, str] | None:
        if self.cfg.allow_private_addresses:
            return None
        key = (host, port)
        if key not in self._address_verdicts:
            self._address_verdicts[key] = await self._check_address(host, port)
        reason = self._address_verdicts[key]
        return None if reason is None else (
            Status.CONNECTION_ERROR if reason.startswith("cannot resolve") else
            Status.BLOCKED_ADDRESS, reason)

    async def _check_address(self, host: str, port: int) -> str | None:
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                return f"cannot resolve {host}: {exc.strerror or exc}"
            addresses = sorted({info[4][0] for info in infos})
        for address in addresses:
            if not is_public_address(address.split("%")[0]):
                return (f"{host} resolves to non-public address {address} "
                        "(set fetch.allow_private_addresses to allow)")
        return None

    def _gate(self, url: str) -> HostGate:
        host = urlsplit(url).netloc.lower()
        if host not in self._gates:
            self._gates[host] = HostGate(self.cfg.per_host_concurrency, self.cfg.per_host_delay)
        return self._gates[host]

    async def _rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        return await asyncio.shield(self._robots[origin])

    async def _load_robots(self, origin: str) -> RobotsRules:
        robots_url = origin + "/robots.txt"
        status, body = None, None
        current = robots_url
        for _ in range(self.cfg.max_redirects + 1):  # robots.txt may redirect (http -> https)
            hop = await self._with_retries(current, page=False, extra={},
                                           max_bytes=self.cfg.max_body_bytes)
            if hop.location is None:
                status, body = hop.http_status, hop.body
                break
            current = urljoin(current, hop.location)
        rules = rules_from_response(status, body, self.cfg.user_agent)
        if rules.crawl_delay and rules.crawl_delay > self.cfg.per_host_delay:
            self._gate(robots_url).delay = rules.crawl_delay
        return rules

    async def _with_retries(self, url: str, *, page: bool, extra: dict[str, str],
                            max_bytes: int) -> _Hop:
        gate = self._gate(url)
        attempt = 0
        while True:
            async with self._global, gate.slot():
                hop = await self._exchange(url, page=page, extra=extra, max_bytes=max_bytes)
            retryable = hop.status in (Status.TIMEOUT, Status.CONNECTION_ERROR) or (
                hop.http_status in _RETRY_HTTP)
            if not retryable or attempt >= self.cfg.max_retries:
                if retryable and attempt:
                    hop.detail = f"{hop.detail} (after {attempt + 1} tries)".strip()
                return hop
            if hop.retry_after is not None:
                if hop.retry_after > self.cfg.max_retry_after:
                    hop.detail = (f"Retry-After {hop.retry_after:.0f} s is over the "
                                  f"{self.cfg.max_retry_after:.0f} s limit")
                    return hop
                wait = hop.retry_after
                gate.pause(wait)  # the whole host asked us to slow down, not just this URL
            else:
                wait = random.uniform(0, self.cfg.backoff_base * (2 ** attempt))
            attempt += 1
            await asyncio.sleep(wait)

    async def _exchange(self, url: str, *, page: bool, extra: dict[str, str],
                        max_bytes: int) -> _Hop:
        assert self._client is not None, "use Fetcher as an async context manager"
        try:
            async with asyncio.timeout(self.cfg.total_timeout):
                async with self._client.stream("GET", url, headers=extra) as response:
                    return await self._read(response, page=page, max_bytes=max_bytes)
        except (TimeoutError, httpx.TimeoutException) as exc:
            kind = type(exc).__name__ if isinstance(exc, httpx.TimeoutException) else "total"
            return _Hop(Status.TIMEOUT, detail=f"timed out ({kind})")
        except _TooLarge as exc:
            return _Hop(Status.TOO_LARGE, detail=str(exc))
        except httpx.DecodingError as exc:
            return _Hop(Status.UNREADABLE, detail=f"bad content encoding: {exc}")
        except (httpx.TransportError, OSError) as exc:
            return _Hop(Status.CONNECTION_ERROR, detail=f"{type(exc).__name__}: {exc}"[:300])
        except httpx.InvalidURL as exc:
            return _Hop(Status.BAD_URL, detail=str(exc)[:300])

    async def _read(self, response: httpx.Response, *, page: bool, max_bytes: int) -> _Hop:
        code = response.status_code
        headers = response.headers
        if code in _REDIRECTS and headers.get("location"):
            return _Hop(http_status(code), code, location=headers["location"], headers=headers)
        if code == 304:
            return _Hop(Status.NOT_MODIFIED, code, headers=headers, detail="304 not modified")
        if code >= 400 or code < 200:
            return _Hop(http_status(code), code, headers=headers,
                        retry_after=parse_retry_after(headers.get("retry-after")),
                        detail=f"HTTP {code} {response.reason_phrase}".strip())
        kind = media_type(headers.get("content-type"))
        if page and kind and kind not in HTML_TYPES:
            return _Hop(Status.NOT_HTML, code, headers=headers, detail=f"content type {kind}")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in headers:
            raise _TooLarge(f"Content-Length {int(declared):,} over the {max_bytes:,} byte cap")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise _TooLarge(f"body over the {max_bytes:,} byte cap after decompression")
            chunks.append(chunk)
        body = b"".join(chunks)
        if page and looks_binary(body):
            return _Hop(Status.NOT_HTML, code, headers=headers,
                        detail=f"binary content served as {kind or 'no content type'}")
        return _Hop(Status.FETCHED, code, headers=headers, body=body)
