"""Raw responses kept as WARC (ISO 28500), so pages can be re-extracted offline and shown as
evidence later. Each record is its own gzip member: a stored (file, offset) pair is enough
to read one record back without scanning the file.

The archived body is the payload after transfer decoding (gzip/br removed) and the
Content-Encoding header is renamed, so the record replays as what the extractor saw.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows import __version__
from flows.records import FetchResult

_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


class ArchiveError(Exception):
    """A record could not be read back, said in one line."""


@dataclass(slots=True, frozen=True)
class ArchivedRecord:
    warc_file: str  # relative to the archive folder
    offset: int
    length: int


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def warc_name(run_id: int, now: datetime | None = None, part: str = "") -> str:
    """One file per writer: the process id, and the slice when a run is cut into slices
    that may share a process (threads of one Dask worker)."""
    now = now or datetime.now(UTC)
    suffix = f"-{part}" if part else ""
    return (f"{now:%Y/%m}/drumbeat-run{run_id:06d}-{now:%Y%m%dT%H%M%S}-{os.getpid()}"
            f"{suffix}.warc.gz")


def _http_headers(fetch: FetchResult) -> StatusAndHeaders:
    headers = []
    for name, value in fetch.response_headers:
        if name.lower() in _DROPPED_HEADERS:
            headers.append((f"X-Archive-Orig-{name}", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(fetch.body or b""))))
    code = fetch.http_status or 200
    return StatusAndHeaders(f"{code} OK", headers, protocol="HTTP/1.1")


def append_records(archive_dir: Path, warc_file: str,
                   fetches: list[FetchResult]) -> list[ArchivedRecord]:
    """Append one response record per fetch and fsync, before the database points at them."""
    path = archive_dir / warc_file
    path.parent.mkdir(parents=True, exist_ok=True)
    records = []
    with open(path, "ab") as out:
        new_file = out.tell() == 0
        writer = WARCWriter(out, gzip=True)
        if new_file:
            writer.write_record(writer.create_warcinfo_record(
                path.name, {"software": f"drumbeat/{__version__}", "format": "WARC/1.1"}))
        for fetch in fetches:
            offset = out.tell()
            record = writer.create_warc_record(
                fetch.final_url or fetch.requested_url, "response",
                payload=io.BytesIO(fetch.body or b""),
                http_headers=_http_headers(fetch),
                warc_headers_dict=({"WARC-Date": fetch.fetched_at.replace("+00:00", "Z")}
                                   if fetch.fetched_at else None),
            )
            writer.write_record(record)
            records.append(ArchivedRecord(warc_file, offset, out.tell() - offset))
        out.flush()
        os.fsync(out.fileno())
    return records


def read_record(archive_dir: Path, warc_file: str, offset: int) -> tuple[bytes, dict[str, str]]:
    """The archived body and HTTP headers of one record."""
    path = archive_dir / warc_file
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            for record in ArchiveIterator(stream):
                headers = dict(record.http_headers.headers) if record.http_headers else {}
                return record.content_stream().read(), headers
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror or exc}") from None
    raise ArchiveError(f"no WARC record at {path}:{offset}")
