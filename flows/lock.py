"""One writer run at a time per database file.

An advisory lock (flock) on "<database>.lock" is held for the whole run. The kernel drops
it when the process dies, even by SIGKILL, so a crashed run never blocks the next one.
The DuckDB file itself is only opened for short batches, so readers get in meanwhile.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class RunInProgress(Exception):
    """Another run holds the database; the message says which."""


def lock_path(database: Path) -> Path:
    return Path(f"{database}.lock")


@contextmanager
def run_lock(database, flow: str) -> Iterator[None]:
    """Hold the writer lock of a DuckDB file for a run. A DuckLake catalog takes several
    writers at once (its commits serialize themselves), so there is nothing to hold."""
    if not isinstance(database, Path):
        yield
        return
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                holder = json.loads(handle.read() or "{}")
            except json.JSONDecodeError:
                holder = {}
            who = (f"{holder.get('flow', 'a run')} (pid {holder.get('pid', '?')}, "
                   f"started {holder.get('started', '?')})")
            raise RunInProgress(
                f"another drumbeat run is writing to {database}: {who}. "
                "Wait for it to finish; scheduled runs never overlap.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "flow": flow,
                                 "started": datetime.now(UTC).isoformat(timespec="seconds")}))
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock
