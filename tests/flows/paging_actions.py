"""A paginated source and a counting poll, for tests/test_loops.py.

`list_orders(after)` serves PAGES one at a time, each naming the next page's
token; `CALLS` counts every call, and `SEEN` keeps the arguments each call
received, so a test can tell what ran once per pass and what replays repeated.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

CALLS: Counter[str] = Counter()
SEEN: list[Any] = []
PAGES: dict[Any, dict[str, Any]] = {
    None: {"items": [1, 2], "next": "p2"},
    "p2": {"items": [3], "next": "p3"},
    "p3": {"items": [4, 5], "next": None},
}


class Unavailable(Exception):
    """The source is down."""


def reset() -> None:
    CALLS.clear()
    SEEN.clear()


def list_orders(after: Any) -> dict[str, Any]:
    CALLS["list_orders"] += 1
    SEEN.append(after)
    if after == "down":
        raise Unavailable("the order service is down")
    return PAGES[after]


def count_up(previous: Any) -> dict[str, Any]:
    """A poll's check that reads its own last result: null before the first check."""
    CALLS["count_up"] += 1
    SEEN.append(previous)
    return {"n": 1 if previous is None else previous["n"] + 1}
