"""Actions for the focused construct flows in tests/flows: they record what ran.

`LOG` lists every call in order; `FAULTS` makes named actions raise; `GAUGE`
measures how many actions ran at the same time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

LOG: list[tuple[str, Any]] = []
FAULTS: dict[str, Exception] = {}
JOB_DONE_AFTER = {"checks": 2}
_lock = threading.Lock()
_running = {"now": 0, "most": 0}


class Unavailable(Exception):
    """A remote system said no."""


def reset() -> None:
    LOG.clear()
    FAULTS.clear()
    JOB_DONE_AFTER["checks"] = 2
    _running.update(now=0, most=0)


def most_at_once() -> int:
    return _running["most"]


def _enter(name: str, value: Any) -> None:
    with _lock:
        LOG.append((name, value))
    if name in FAULTS or f"{name}:{value}" in FAULTS:
        raise FAULTS.get(f"{name}:{value}", FAULTS.get(name))  # type: ignore[misc]


def work(task: str) -> dict[str, Any]:
    """Takes a little while, so overlapping calls can be counted."""
    with _lock:
        _running["now"] += 1
        _running["most"] = max(_running["most"], _running["now"])
    try:
        time.sleep(0.05)
        _enter("work", task)
        return {"task": task, "done": True}
    finally:
        with _lock:
            _running["now"] -= 1


def double(n: int) -> int:
    _enter("double", n)
    return n * 2


def undo(task: str) -> None:
    _enter("undo", task)


def job_status(job: str) -> dict[str, Any]:
    _enter("job_status", job)
    checks = sum(1 for name, _ in LOG if name == "job_status")
    return {"job": job, "checks": checks, "done": checks >= JOB_DONE_AFTER["checks"]}


def notify(callback_id: str, who: str) -> None:
    _enter("notify", who)
