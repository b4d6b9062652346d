"""The vending flow written by hand against the SDK: the baseline for figure 5.

What a careful engineer would write without dflow, with the same behaviour:
input check, reservation with retries and its undo, the payment callback with
timeout and heartbeat, and the two outcomes.
"""

from __future__ import annotations

import json
from typing import Any

from aws_durable_execution_sdk_python import CallbackTimeoutError, DurableContext, StepError, durable_execution
from aws_durable_execution_sdk_python.config import Duration, JitterStrategy, StepConfig, WaitForCallbackConfig
from aws_durable_execution_sdk_python.exceptions import UnrecoverableError
from aws_durable_execution_sdk_python.retries import RetryPresets, RetryStrategyConfig, create_retry_strategy
from aws_durable_execution_sdk_python.types import WaitForCallbackContext

from vending import actions

ONCE = StepConfig(retry_strategy=RetryPresets.none())
RESERVE = StepConfig(retry_strategy=create_retry_strategy(RetryStrategyConfig(
    max_attempts=4, initial_delay=Duration.from_seconds(2), max_delay=Duration.from_minutes(5),
    backoff_rate=2, jitter_strategy=JitterStrategy.FULL,
)))
PAYMENT = WaitForCallbackConfig(
    timeout=Duration.from_minutes(15), heartbeat_timeout=Duration.from_minutes(5), retry_strategy=RetryPresets.none()
)


class InvalidInput(Exception):
    pass


@durable_execution
def handler(event: Any, context: DurableContext) -> Any:
    order = event or {}
    missing = [key for key in ("order_id", "slot", "price_cents") if order.get(key) is None]
    if missing:
        raise InvalidInput("; ".join(f"{key} is required" for key in missing))
    order_id, slot, price = order["order_id"], order["slot"], order["price_cents"]
    reserved = False
    try:
        context.step(lambda _: actions.validate_request(order_id=order_id, slot=slot), name="validate", config=ONCE)
        reservation = context.step(lambda _: actions.reserve_slot(slot=slot, order_id=order_id), name="reservation", config=RESERVE)
        reserved = True

        def submit(callback_id: str, _: WaitForCallbackContext) -> None:
            actions.start_payment(order_id=order_id, amount=price, callback_id=callback_id)

        try:
            raw = context.wait_for_callback(submit, name="payment", config=PAYMENT)
        except CallbackTimeoutError:
            context.step(lambda _: actions.release_slot(slot=slot), name="release_slot", config=ONCE)
            return {"status": "timed_out", "order_id": order_id}
        payment = json.loads(raw) if raw else None
        if payment["status"] == "approved":
            context.step(lambda _: actions.dispense(slot=slot, reservation=reservation["id"]), name="dispense", config=ONCE)
            context.step(lambda _: actions.audit(order_id=order_id, outcome="dispensed"), name="audit", config=ONCE)
            return {"status": "dispensed", "order_id": order_id}
        context.step(lambda _: actions.release_slot(slot=slot), name="release_slot", config=ONCE)
        context.step(lambda _: actions.audit(order_id=order_id, outcome="declined"), name="audit", config=ONCE)
        return {"status": "declined", "order_id": order_id}
    except UnrecoverableError:
        raise
    except Exception:
        if reserved:
            try:
                context.step(lambda _: actions.release_slot(slot=slot), name="undo_reservation", config=ONCE)
            except StepError:
                context.logger.exception("undo_reservation failed")
        raise
