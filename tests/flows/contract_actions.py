"""Actions for the examples of the language contract's section 10 (tests/test_contract_examples.py).

`BEHAVIOUR` says how an action answers for a given argument value: a value
listed there raises the named error.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

CALLS: Counter[str] = Counter()
SEEN: list[tuple[str, Any]] = []
PAGES = {None: {"items": [1, 2], "next": "t2"}, "t2": {"items": [3], "next": None}}


class CardDeclined(Exception):
    pass


class Unreachable(Exception):
    pass


def reset() -> None:
    CALLS.clear()
    SEEN.clear()


def _record(name: str, value: Any) -> None:
    CALLS[name] += 1
    SEEN.append((name, value))


def charge_card(card: str, amount: int) -> dict[str, Any]:
    _record("charge_card", card)
    if card == "declined":
        raise CardDeclined("insufficient funds")
    if card == "broken":
        raise Unreachable("the bank is unreachable")
    return {"id": f"ch-{card}", "amount": amount}


def suspend_account(account: str) -> None:
    _record("suspend_account", account)


def send_receipt(charge: str) -> dict[str, Any]:
    _record("send_receipt", charge)
    return {"receipt": charge}


def notify_customer(message: str) -> None:
    _record("notify_customer", message)


def list_orders(after: str | None) -> dict[str, Any]:
    _record("list_orders", after)
    return PAGES[after]


def create_mailbox(user: str) -> dict[str, Any]:
    _record("create_mailbox", user)
    return {"mailbox": user}


def create_chat_user(user: str) -> dict[str, Any]:
    _record("create_chat_user", user)
    raise Unreachable("the chat service is down")
