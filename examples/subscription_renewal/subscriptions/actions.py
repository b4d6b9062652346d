"""The billing system a subscription renewal talks to: an in-memory stand-in for its tests.

`BANK` says how each card answers: a list of answers, one per charge attempt
(`"ok"`, `"declined"`, `"expired"`, `"down"`); the last one repeats. Every
call is recorded in `CALLS`, so a test sees what the flow did and how often.
"""

from __future__ import annotations

from typing import Any

BANK: dict[str, list[str]] = {}
CALLS: list[tuple[str, dict[str, Any]]] = []
LEDGER: list[dict[str, Any]] = []


class PaymentError(Exception):
    """The card could not be charged."""


class CardDeclined(PaymentError):
    """The bank declined the charge: worth trying again another day."""


class CardExpired(PaymentError):
    """The card is past its date: trying again will not help."""


class BankUnavailable(Exception):
    """The bank did not answer at all."""


def reset() -> None:
    BANK.clear()
    CALLS.clear()
    LEDGER.clear()


def charge_card(card: str, amount: int, subscription: str) -> dict[str, Any]:
    CALLS.append(("charge_card", {"card": card, "amount": amount}))
    attempts = sum(1 for name, _ in CALLS if name == "charge_card")
    answers = BANK.get(card, ["ok"])
    answer = answers[min(attempts, len(answers)) - 1]
    if answer == "declined":
        raise CardDeclined(f"the bank declined {amount} cents on attempt {attempts}")
    if answer == "expired":
        raise CardExpired("the card expired")
    if answer == "down":
        raise BankUnavailable("the bank is not answering")
    return {"id": f"ch-{subscription}-{attempts}", "amount": amount}


def send_receipt(account: str, charge: str) -> dict[str, Any]:
    CALLS.append(("send_receipt", {"account": account, "charge": charge}))
    return {"sent": True, "charge": charge}


def suspend_account(account: str, reason: str) -> None:
    CALLS.append(("suspend_account", {"account": account, "reason": reason}))


def notify_customer(account: str, message: str) -> None:
    CALLS.append(("notify_customer", {"account": account, "message": message}))


def billing_ledger(event: Any, context: Any) -> dict[str, Any]:
    """The `billing-ledger` Lambda function the flow invokes."""
    LEDGER.append(event)
    return {"recorded": True}
