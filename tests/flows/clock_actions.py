"""An action that remembers what it was given, for tests/test_time_and_identity.py.

A value recorded before a wait was computed in the first invocation; the
flow's result comes from the last one, after replays. Equal values prove the
replays agree.
"""

from __future__ import annotations

from typing import Any

RECORDED: list[Any] = []


def reset() -> None:
    RECORDED.clear()


def record(value: Any) -> None:
    RECORDED.append(value)
