"""Billing actions whose errors form a class tree, for tests/test_failures_as_data.py.

`charge_card` fails by card number: "declined" raises CardDeclined, "expired"
CardExpired (both PaymentError), "broken" a plain RuntimeError. `CALLS` counts
every call by action name, so a test sees how often an action ran.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

CALLS: Counter[str] = Counter()
LEDGER: list[Any] = []


class PaymentError(Exception):
    """Any problem taking a payment."""


class CardDeclined(PaymentError):
    """The bank said no."""


class CardExpired(PaymentError):
    """The card is past its date."""


def reset() -> None:
    CALLS.clear()
    LEDGER.clear()


def charge_card(card: str, amount: int) -> dict[str, Any]:
    CALLS["charge_card"] += 1
    if card == "declined":
        raise CardDeclined(f"card declined for {amount}")
    if card == "expired":
        raise CardExpired("card expired in 2020")
    if card == "broken":
        raise RuntimeError("the bank is unreachable")
    return {"id": f"ch-{card}", "amount": amount}


def suspend_account(account: str) -> dict[str, Any]:
    CALLS["suspend_account"] += 1
    return {"suspended": account}


def refund(charge: str) -> None:
    CALLS["refund"] += 1


def notify(who: str, callback_id: str) -> None:
    """A submitter; `who: "nobody"` cannot be notified."""
    CALLS["notify"] += 1
    if who == "nobody":
        raise CardExpired("nobody to notify")


def job_status(job: str) -> dict[str, Any]:
    CALLS["job_status"] += 1
    return {"done": False, "checks": CALLS["job_status"]}


def record_outcome(outcome: str) -> None:
    """A ledger entry, written "in all cases" by a group's `finally`."""
    CALLS["record_outcome"] += 1
    LEDGER.append(outcome)
    if outcome == "refuse":
        raise PaymentError("the ledger refused the entry")


def flaky(key: str, failures: int, error: str = "declined") -> dict[str, Any]:
    """Fails `failures` times for a key (CardDeclined, or RuntimeError with `error: "broken"`), then works."""
    CALLS[key] += 1
    if CALLS[key] <= failures:
        if error == "broken":
            raise RuntimeError(f"{key} broke on call {CALLS[key]}")
        raise CardDeclined(f"{key} declined on call {CALLS[key]}")
    return {"key": key, "calls": CALLS[key]}


def flaky_notify(key: str, failures: int, callback_id: str) -> None:
    """A submitter that fails `failures` times before it hands the id over."""
    flaky(key, failures)
