"""The vending flow, compiled by dflow, run on the SDK's real local runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_durable_execution_sdk_python import DurableContext
from aws_durable_execution_sdk_python.exceptions import InvocationError
from aws_durable_execution_sdk_python.lambda_service import ErrorObject

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from vending import actions  # noqa: E402

FLOW = EXAMPLE / "vending.flow"
ORDER = {"order_id": "o-1", "slot": "A1", "price_cents": 250}
STEP_ERROR = "aws_durable_execution_sdk_python.exceptions.StepError"
# Callback timeouts run in real time on the local runner, so the test copy waits 1 second.
SHORT_TIMEOUT = {"timeout 15 minutes": "timeout 1 second", "heartbeat 5 minutes": "heartbeat 1 minute"}


@pytest.fixture(autouse=True)
def machine() -> actions.Machine:
    return actions.reset({"A1": 3, "B2": 1})


@pytest.fixture
def vending(compile_flow: Any) -> Any:
    return compile_flow(FLOW)


def pay(runner: Any, arn: str, status: str) -> None:
    callback_id = runner.wait_for_callback(arn, name="payment create callback id", timeout=10)
    runner.send_callback_success(callback_id, json.dumps({"status": status}).encode())


def start_order(runner: Any, order: dict[str, Any] = ORDER) -> str:
    return str(runner.run_async(input=json.dumps(order), execution_timeout=30))


def test_approved_payment_dispenses_and_audits(vending: Any, durable_runner: Any, machine: actions.Machine) -> None:
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "approved")
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "SUCCEEDED"
    assert json.loads(result.result) == {"status": "dispensed", "order_id": "o-1"}
    assert machine.stock["A1"] == 2
    assert machine.dispensed == {"res-o-1": "A1"}
    assert machine.audit_log == [("o-1", "dispensed")]
    assert [op.name for op in result.operations] == [
        "validate", "reservation", "payment", "dispense", "audit"
    ]


def test_submitter_receives_the_callback_id(vending: Any, durable_runner: Any, machine: actions.Machine) -> None:
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    callback_id = runner.wait_for_callback(arn, name="payment create callback id", timeout=10)
    assert machine.payment_requests["o-1"] == {"order_id": "o-1", "amount": 250, "callback_id": callback_id}
    runner.send_callback_success(callback_id, b'{"status": "approved"}')
    assert runner.wait_for_result(arn, timeout=30).status.value == "SUCCEEDED"


def test_declined_payment_releases_the_slot(vending: Any, durable_runner: Any, machine: actions.Machine) -> None:
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "declined")
    result = runner.wait_for_result(arn, timeout=30)

    assert json.loads(result.result) == {"status": "declined", "order_id": "o-1"}
    assert machine.holds == {}
    assert machine.stock["A1"] == 3
    assert machine.calls["dispense"] == 0
    assert machine.audit_log == [("o-1", "declined")]


def test_payment_timeout_releases_the_slot_and_ends_as_timed_out(
    compile_flow: Any, durable_runner: Any, machine: actions.Machine
) -> None:
    vending = compile_flow(FLOW, replace=SHORT_TIMEOUT)
    runner = durable_runner(vending.handler)
    result = runner.run(input=json.dumps(ORDER), execution_timeout=30)

    assert result.status.value == "SUCCEEDED"
    assert json.loads(result.result) == {"status": "timed_out", "order_id": "o-1"}
    assert machine.holds == {}
    assert machine.calls["release_slot"] == 1
    assert machine.calls["dispense"] == 0


def test_payment_system_failure_undoes_the_reservation_and_fails(
    vending: Any, durable_runner: Any, machine: actions.Machine
) -> None:
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    callback_id = runner.wait_for_callback(arn, name="payment create callback id", timeout=10)
    runner.send_callback_failure(
        callback_id, ErrorObject(message="card terminal offline", type="Offline", data=None, stack_trace=None)
    )
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.type.endswith("CallbackExternalError")
    assert "card terminal offline" in result.error.message
    assert result.get_step("undo_reservation").status.value == "SUCCEEDED"
    assert machine.holds == {}


def test_flaky_reservation_succeeds_under_its_retry_policy(
    vending: Any, durable_runner: Any, machine: actions.Machine
) -> None:
    machine.fail_next("reserve_slot", actions.SlotBusy("busy"), actions.SlotBusy("still busy"))
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "approved")
    result = runner.wait_for_result(arn, timeout=30)

    assert json.loads(result.result)["status"] == "dispensed"
    assert machine.calls["reserve_slot"] == 3
    assert result.get_step("reservation").attempt == 3


def test_exhausted_retries_fail_the_execution(vending: Any, durable_runner: Any, machine: actions.Machine) -> None:
    machine.fail_next("reserve_slot", *(actions.SlotBusy(f"busy {n}") for n in range(4)))
    runner = durable_runner(vending.handler)
    result = runner.run(input=json.dumps(ORDER), execution_timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.type == STEP_ERROR
    assert result.error.message == "busy 3"
    # `retry 3 times` is 3 attempts after the first, and nothing completed that needs undoing.
    assert machine.calls["reserve_slot"] == 4
    assert machine.calls["release_slot"] == 0


def test_failure_after_reservation_runs_its_undo_then_fails_with_the_original_error(
    vending: Any, durable_runner: Any, machine: actions.Machine
) -> None:
    machine.fail_next("dispense", actions.DispenserJam("the spiral did not turn"))
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "approved")
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.type == STEP_ERROR
    assert result.error.message == "the spiral did not turn"
    # A step without `retry` is attempted once, whatever the SDK's default.
    assert machine.calls["dispense"] == 1
    assert result.get_step("undo_reservation").status.value == "SUCCEEDED"
    assert machine.holds == {}


def test_retries_exhausted_with_a_flow_wide_policy_run_compensation(
    compile_flow: Any, durable_runner: Any, machine: actions.Machine
) -> None:
    vending = compile_flow(FLOW, replace={"actions vending.actions\n": "actions vending.actions\nretry 2 times every 1 second\n"})
    machine.fail_next("dispense", *(actions.DispenserJam(f"jam {n}") for n in range(3)))
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "approved")
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.message == "jam 2"
    assert machine.calls["dispense"] == 3
    assert machine.calls["release_slot"] == 1
    assert [op.name for op in result.operations][-1] == "undo_reservation"


def test_invalid_input_names_every_bad_field(vending: Any, durable_runner: Any, machine: actions.Machine) -> None:
    runner = durable_runner(vending.handler)
    result = runner.run(input=json.dumps({"order_id": 7, "price_cents": "2.50"}), execution_timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.type == "vending_handler.InvalidInput"
    assert result.error.message == (
        "order_id must be a string; slot is required; price_cents must be a whole number"
    )
    assert result.operations == []
    assert sum(machine.calls.values()) == 0


def test_an_event_that_is_not_an_object_is_invalid_input(vending: Any, durable_runner: Any) -> None:
    result = durable_runner(vending.handler).run(input=None, execution_timeout=30)
    assert result.error.type == "vending_handler.InvalidInput"


def test_crash_between_steps_replays_without_dispensing_twice(
    vending: Any, durable_runner: Any, machine: actions.Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_step = DurableContext.step
    crashed: list[str] = []

    def crash_once_before_audit(self: DurableContext, func: Any, name: str | None = None, config: Any = None) -> Any:
        if name == "audit" and not crashed:
            crashed.append(name)
            raise InvocationError("the Lambda instance died")
        return real_step(self, func, name=name, config=config)

    monkeypatch.setattr(DurableContext, "step", crash_once_before_audit)
    runner = durable_runner(vending.handler)
    arn = start_order(runner)
    pay(runner, arn, "approved")
    result = runner.wait_for_result(arn, timeout=30)

    assert crashed == ["audit"]
    assert result.status.value == "SUCCEEDED"
    assert machine.calls["dispense"] == 1
    assert machine.stock["A1"] == 2
    assert machine.calls["release_slot"] == 0
