"""Actions of the order-fulfilment flow: an in-memory warehouse, price list, approvals and carrier.

Reservations are keyed by (order, sku), so retries and replays never reserve
twice. `WAREHOUSE` is what tests stock, break and inspect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRICES = {"lamp": 4500, "desk": 60000, "chair": 25000}


class OutOfStock(Exception):
    """Not enough of a product to reserve."""


class CarrierUnavailable(Exception):
    """The carrier's booking API did not answer."""


@dataclass
class Warehouse:
    stock: dict[str, int] = field(default_factory=lambda: {"lamp": 10, "desk": 3, "chair": 8})
    reserved: dict[tuple[str, str], int] = field(default_factory=dict)
    approvals: dict[str, str] = field(default_factory=dict)  # order id -> callback id
    shipments: dict[str, str] = field(default_factory=dict)
    notices: list[tuple[str, str]] = field(default_factory=list)
    faults: dict[str, list[Exception]] = field(default_factory=dict)

    def fail_next(self, action: str, *errors: Exception) -> None:
        self.faults.setdefault(action, []).extend(errors)

    def enter(self, action: str) -> None:
        pending = self.faults.get(action)
        if pending:
            raise pending.pop(0)


WAREHOUSE = Warehouse()


def reset() -> Warehouse:
    global WAREHOUSE
    WAREHOUSE = Warehouse()
    return WAREHOUSE


def reserve_stock(order_id: str, sku: str, quantity: int) -> dict[str, Any]:
    WAREHOUSE.enter("reserve_stock")
    key = (order_id, sku)
    if key not in WAREHOUSE.reserved:
        if WAREHOUSE.stock.get(sku, 0) < quantity:
            raise OutOfStock(f"only {WAREHOUSE.stock.get(sku, 0)} {sku} left, {quantity} wanted")
        WAREHOUSE.stock[sku] -= quantity
        WAREHOUSE.reserved[key] = quantity
    return {"sku": sku, "quantity": quantity, "unit_cents": PRICES[sku]}


def release_stock(order_id: str, sku: str) -> None:
    quantity = WAREHOUSE.reserved.pop((order_id, sku), 0)
    WAREHOUSE.stock[sku] = WAREHOUSE.stock.get(sku, 0) + quantity


def price_order(order_id: str, reservations: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(line["quantity"] * line["unit_cents"] for line in reservations)
    return {"order_id": order_id, "total_cents": total}


def request_approval(order_id: str, total_cents: int, callback_id: str) -> None:
    """Send the manager a link carrying the callback id (here: remember it)."""
    WAREHOUSE.approvals.setdefault(order_id, callback_id)


def ship_order(order_id: str, express: bool, reservations: list[dict[str, Any]]) -> dict[str, Any]:
    WAREHOUSE.enter("ship_order")
    tracking = WAREHOUSE.shipments.setdefault(order_id, f"TRK-{order_id}{'-X' if express else ''}")
    return {"tracking": tracking, "parcels": len(reservations)}


def notify_customer(customer: str, order_id: str, tracking: str) -> None:
    if (customer, tracking) not in WAREHOUSE.notices:
        WAREHOUSE.notices.append((customer, tracking))
