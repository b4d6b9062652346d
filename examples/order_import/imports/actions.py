"""A partner's order API and the loader an import writes to: in-memory stand-ins for the tests.

`PAGES` maps a cursor (None for the first page) to a page; `RATE_LIMITED`
counts how many more times a cursor answers RateLimited first; a batch that
holds an order named in `BROKEN` fails to load.
"""

from __future__ import annotations

from typing import Any

PAGES: dict[Any, dict[str, Any]] = {}
RATE_LIMITED: dict[Any, int] = {}
BROKEN: set[str] = set()
CALLS: list[tuple[str, Any]] = []
LOADED: dict[int, list[str]] = {}


class RateLimited(Exception):
    """The partner's API asks the caller to slow down."""


class LoadFailed(Exception):
    """The warehouse refused a batch."""


def reset() -> None:
    PAGES.clear()
    RATE_LIMITED.clear()
    BROKEN.clear()
    CALLS.clear()
    LOADED.clear()


def fetch_orders(partner: str, since: str, cursor: str | None) -> dict[str, Any]:
    CALLS.append(("fetch_orders", cursor))
    if RATE_LIMITED.get(cursor, 0) > 0:
        RATE_LIMITED[cursor] -= 1
        raise RateLimited(f"slow down on page {cursor}")
    return PAGES[cursor]


def load_batch(partner: str, position: int, orders: list[dict[str, Any]]) -> dict[str, Any]:
    CALLS.append(("load_batch", position))
    ids = [order["id"] for order in orders]
    if BROKEN & set(ids):
        raise LoadFailed(f"batch {position} holds a broken order")
    LOADED[position] = ids
    return {"position": position, "loaded": len(ids)}
