"""Actions of the vending flow: an in-memory vending machine and card terminal.

Every action is idempotent by order (or reservation): a step that is retried,
or replayed after a crash, never reserves, charges or dispenses twice.
Tests reach the machine through `MACHINE` to stock it, inject faults and read
what happened.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


class VendingError(Exception):
    """Base of the errors this machine reports."""


class InvalidRequest(VendingError):
    """The order cannot be served: unknown slot, empty slot or a bad order id."""


class SlotBusy(VendingError):
    """Another order holds the slot."""


class TerminalUnavailable(VendingError):
    """The card terminal did not answer; worth retrying."""


class DispenserJam(VendingError):
    """The spiral did not turn."""


@dataclass
class Machine:
    """The state of one vending machine and its card terminal."""

    stock: dict[str, int] = field(default_factory=dict)
    holds: dict[str, str] = field(default_factory=dict)  # slot -> order id
    dispensed: dict[str, str] = field(default_factory=dict)  # reservation id -> slot
    payment_requests: dict[str, dict[str, Any]] = field(default_factory=dict)
    audit_log: list[tuple[str, str]] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    faults: dict[str, list[Exception]] = field(default_factory=dict)

    def fail_next(self, action: str, *errors: Exception) -> None:
        """Make the next calls of `action` raise these errors, one per call."""
        self.faults.setdefault(action, []).extend(errors)

    def enter(self, action: str) -> None:
        self.calls[action] += 1
        pending = self.faults.get(action)
        if pending:
            raise pending.pop(0)


MACHINE = Machine(stock={"A1": 3, "B2": 1})  # stocked, so `dflow run` can sell from it


def reset(stock: dict[str, int] | None = None) -> Machine:
    """Start from a freshly stocked machine (used by tests and demos)."""
    global MACHINE
    MACHINE = Machine(stock=dict(stock or {"A1": 3, "B2": 1}))
    return MACHINE


def validate_request(order_id: str, slot: str) -> dict[str, Any]:
    MACHINE.enter("validate_request")
    if not order_id.strip():
        raise InvalidRequest("the order id is empty")
    if slot not in MACHINE.stock:
        raise InvalidRequest(f"there is no slot {slot}")
    if MACHINE.stock[slot] <= 0:
        raise InvalidRequest(f"slot {slot} is empty")
    return {"order_id": order_id, "slot": slot}


def reserve_slot(slot: str, order_id: str) -> dict[str, Any]:
    MACHINE.enter("reserve_slot")
    holder = MACHINE.holds.get(slot)
    if holder is not None and holder != order_id:
        raise SlotBusy(f"slot {slot} is held by order {holder}")
    MACHINE.holds[slot] = order_id
    return {"id": f"res-{order_id}", "slot": slot}


def release_slot(slot: str) -> dict[str, Any]:
    MACHINE.enter("release_slot")
    released = MACHINE.holds.pop(slot, None)
    return {"slot": slot, "released": released is not None}


def start_payment(order_id: str, amount: int, callback_id: str) -> dict[str, Any]:
    """Ask the card terminal to charge; it answers later through the callback id."""
    MACHINE.enter("start_payment")
    request = {"order_id": order_id, "amount": amount, "callback_id": callback_id}
    MACHINE.payment_requests.setdefault(order_id, request)
    return {"requested": True}


def dispense(slot: str, reservation: str) -> dict[str, Any]:
    MACHINE.enter("dispense")
    if reservation not in MACHINE.dispensed:
        MACHINE.stock[slot] -= 1
        MACHINE.dispensed[reservation] = slot
        MACHINE.holds.pop(slot, None)
    return {"slot": slot, "reservation": reservation}


def audit(order_id: str, outcome: str) -> None:
    MACHINE.enter("audit")
    if (order_id, outcome) not in MACHINE.audit_log:
        MACHINE.audit_log.append((order_id, outcome))
