"""Actions of the travel-booking saga: in-memory airline, car rental and payment systems.

Each action is idempotent by trip: a retried or replayed call returns the
reservation it already made. `SYSTEMS` is what tests inspect and break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ServiceUnavailable(Exception):
    """A partner system is briefly down; the flow retries these."""


class NoAvailability(Exception):
    """Nothing left to book."""


class PaymentDeclined(Exception):
    """The card was declined."""


@dataclass
class Systems:
    seats: dict[str, int] = field(default_factory=lambda: {"DF101": 2})
    cars: dict[str, int] = field(default_factory=lambda: {"economy": 1, "compact": 1, "suv": 0})
    flights: dict[str, str] = field(default_factory=dict)  # reservation -> state
    rentals: dict[str, str] = field(default_factory=dict)
    payments: dict[str, str] = field(default_factory=dict)  # payment id -> state
    journal: list[str] = field(default_factory=list)
    faults: dict[str, list[Exception]] = field(default_factory=dict)

    def fail_next(self, action: str, *errors: Exception) -> None:
        self.faults.setdefault(action, []).extend(errors)

    def enter(self, action: str, detail: str) -> None:
        self.journal.append(f"{action} {detail}")
        pending = self.faults.get(action)
        if pending:
            raise pending.pop(0)


SYSTEMS = Systems()


def reset() -> Systems:
    global SYSTEMS
    SYSTEMS = Systems()
    return SYSTEMS


def reserve_flight(trip_id: str, flight_number: str, traveller: str) -> dict[str, Any]:
    SYSTEMS.enter("reserve_flight", trip_id)
    reservation = f"FL-{trip_id}"
    if reservation not in SYSTEMS.flights:
        if SYSTEMS.seats.get(flight_number, 0) <= 0:
            raise NoAvailability(f"flight {flight_number} is full")
        SYSTEMS.seats[flight_number] -= 1
        SYSTEMS.flights[reservation] = "held"
    return {"reservation": reservation, "flight_number": flight_number, "traveller": traveller}


def reserve_car(trip_id: str, car_class: str) -> dict[str, Any]:
    SYSTEMS.enter("reserve_car", trip_id)
    reservation = f"CAR-{trip_id}"
    if reservation not in SYSTEMS.rentals:
        if SYSTEMS.cars.get(car_class, 0) <= 0:
            raise NoAvailability(f"no {car_class} car left")
        SYSTEMS.cars[car_class] -= 1
        SYSTEMS.rentals[reservation] = "held"
    return {"reservation": reservation, "car_class": car_class}


def process_payment(trip_id: str, amount_cents: int) -> dict[str, Any]:
    SYSTEMS.enter("process_payment", trip_id)
    payment_id = f"PAY-{trip_id}"
    SYSTEMS.payments.setdefault(payment_id, "charged")
    return {"payment_id": payment_id, "amount_cents": amount_cents}


def confirm_flight(reservation: str) -> None:
    SYSTEMS.enter("confirm_flight", reservation)
    SYSTEMS.flights[reservation] = "confirmed"


def confirm_car(reservation: str) -> None:
    SYSTEMS.enter("confirm_car", reservation)
    SYSTEMS.rentals[reservation] = "confirmed"


def cancel_flight(reservation: str) -> None:
    SYSTEMS.enter("cancel_flight", reservation)
    SYSTEMS.flights[reservation] = "cancelled"


def cancel_car(reservation: str) -> None:
    SYSTEMS.enter("cancel_car", reservation)
    SYSTEMS.rentals[reservation] = "cancelled"


def refund_payment(payment_id: str) -> None:
    SYSTEMS.enter("refund_payment", payment_id)
    SYSTEMS.payments[payment_id] = "refunded"
