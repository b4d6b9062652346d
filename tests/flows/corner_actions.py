"""Actions that misbehave the ways real ones do, for tests/test_runtime_corners.py.

`CALLS` counts every call by action name, so a test can tell how often an
action ran (a run-once action must run once, also when it fails).
"""

from __future__ import annotations

import datetime
import decimal
from collections import Counter
from typing import Any

CALLS: Counter[str] = Counter()


class OutOfStock(Exception):
    """Nothing left of an item."""


def reset() -> None:
    CALLS.clear()


def reserve(item: str) -> dict[str, Any]:
    CALLS["reserve"] += 1
    return {"item": item}


def release(item: str) -> None:
    CALLS["release"] += 1


def stamp(item: str) -> Any:
    """Returns a datetime: the SDK could checkpoint it, but it is not JSON."""
    CALLS["stamp"] += 1
    return datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def price(item: str) -> Any:
    """Returns a Decimal, which JSON does not have."""
    CALLS["price"] += 1
    return decimal.Decimal("2.50")


def shout(item: str) -> None:
    """Fails with a message far over the 32 KiB the service keeps of an error."""
    CALLS["shout"] += 1
    raise OutOfStock(f"{item}: " + "no stock anywhere; " * 5000)


def release_badly(item: str) -> Any:
    """An undo action that returns what cannot be checkpointed."""
    CALLS["release_badly"] += 1
    return {1, 2, 3}


def echo(value: Any) -> Any:
    CALLS["echo"] += 1
    return value


def notify(callback_id: str, who: str) -> None:
    CALLS["notify"] += 1


class CardDeclined(Exception):
    """The bank said no this time."""


def charge(card: str) -> dict[str, Any]:
    """Declined twice, then approved."""
    CALLS["charge"] += 1
    if CALLS["charge"] <= 2:
        raise CardDeclined(f"declined ({CALLS['charge']})")
    return {"charged": card}
