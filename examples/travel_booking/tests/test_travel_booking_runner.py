"""The travel-booking saga on the SDK's local runner: bookings, retries and compensation."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from travel import actions  # noqa: E402

FLOW = EXAMPLE / "travel_booking.flow"
TRIP = {"trip_id": "t1", "traveller": "Ada", "flight_number": "DF101", "amount_cents": 45000}


@pytest.fixture(autouse=True)
def systems() -> actions.Systems:
    return actions.reset()


def book(compile_flow: Any, durable_runner: Any, trip: dict[str, Any] = TRIP) -> Any:
    module = compile_flow(FLOW)
    return durable_runner(module.handler).run(input=json.dumps(trip), execution_timeout=30)


def test_a_trip_is_booked_and_confirmed(compile_flow: Any, durable_runner: Any, systems: actions.Systems) -> None:
    result = book(compile_flow, durable_runner)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "status": "booked", "trip_id": "t1", "flight": "FL-t1", "car": "CAR-t1", "payment": "PAY-t1"
    }
    assert systems.flights == {"FL-t1": "confirmed"}
    assert systems.rentals == {"CAR-t1": "confirmed"}


def test_no_car_cancels_the_flight_and_fails(compile_flow: Any, durable_runner: Any, systems: actions.Systems) -> None:
    result = book(compile_flow, durable_runner, {**TRIP, "car_class": "suv"})
    assert result.status.value == "FAILED"
    assert result.error.message == "no suv car left"
    assert systems.flights == {"FL-t1": "cancelled"}
    assert systems.seats["DF101"] == 1  # held seat not given back by the airline in this model
    assert systems.payments == {}


def test_a_declined_payment_undoes_car_then_flight(compile_flow: Any, durable_runner: Any, systems: actions.Systems) -> None:
    systems.fail_next("process_payment", actions.PaymentDeclined("card declined"))
    result = book(compile_flow, durable_runner)
    assert result.status.value == "FAILED"
    assert result.error.message == "card declined"
    assert systems.journal[-2:] == ["cancel_car CAR-t1", "cancel_flight FL-t1"]
    assert [op.name for op in result.operations][-2:] == ["undo_car", "undo_flight"]


def test_a_failed_confirmation_refunds_and_cancels_everything_newest_first(
    compile_flow: Any, durable_runner: Any, systems: actions.Systems
) -> None:
    systems.fail_next("confirm_car", actions.NoAvailability("car vanished"))
    result = book(compile_flow, durable_runner)
    assert result.status.value == "FAILED"
    assert systems.journal[-3:] == ["refund_payment PAY-t1", "cancel_car CAR-t1", "cancel_flight FL-t1"]
    assert systems.payments == {"PAY-t1": "refunded"}


def test_a_briefly_unavailable_partner_is_retried_by_the_flow_wide_policy(
    compile_flow: Any, durable_runner: Any, systems: actions.Systems
) -> None:
    systems.fail_next("reserve_car", actions.ServiceUnavailable("rental API 503"))
    result = book(compile_flow, durable_runner)
    assert result.status.value == "SUCCEEDED", result.error
    assert systems.journal.count("reserve_car t1") == 2
    assert result.get_step("car").attempt == 2


def test_errors_not_named_in_the_retry_policy_are_not_retried(
    compile_flow: Any, durable_runner: Any, systems: actions.Systems
) -> None:
    result = book(compile_flow, durable_runner, {**TRIP, "flight_number": "XX000"})
    assert result.status.value == "FAILED"
    assert systems.journal.count("reserve_flight t1") == 1


def test_an_unknown_car_class_is_invalid_input(compile_flow: Any, durable_runner: Any) -> None:
    result = book(compile_flow, durable_runner, {**TRIP, "car_class": "limo"})
    assert result.error.type == "travel_booking_handler.InvalidInput"
    assert result.error.message == 'car_class must be one of "economy", "compact", "suv"'
