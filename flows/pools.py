"""Process pools whose workers end when the process that started them is gone.

A run killed with SIGKILL cannot shut its pool down, and the workers would wait for work
forever: each holds its call queue's write end, so it never reads end-of-file, and with
the forkserver start method the forkserver stays alive as long as they do. Each worker
therefore watches the process that started the pool and exits when it is gone (or is a
zombie nobody has reaped yet).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

# How often a worker checks that its run is still there: a killed run's workers linger at
# most this long, and a check costs a file read.
PARENT_CHECK_SECONDS = 2.0


def process_pool(workers: int, initializer: Callable[[], None] | None = None,
                 start_method: str = "forkserver") -> ProcessPoolExecutor:
    """forkserver by default, not fork: the parent runs threads (httpx, Prefect), and
    forking those can deadlock a child."""
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context(start_method),
                               initializer=_start_worker,
                               initargs=(os.getpid(), initializer))


def _start_worker(parent_pid: int, initializer: Callable[[], None] | None) -> None:
    threading.Thread(target=_exit_when_gone, args=(parent_pid,), name="parent-watch",
                     daemon=True).start()
    if initializer is not None:
        initializer()


def _exit_when_gone(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if not is_running(parent_pid):
            os._exit(0)


def is_running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (without /proc: whether it exists)."""
    if os.path.exists("/proc/self/stat"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
