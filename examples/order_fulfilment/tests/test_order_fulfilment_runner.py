"""Order fulfilment on the SDK's local runner: a for-each over lines and an approval callback."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_durable_execution_sdk_python.lambda_service import ErrorObject

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from orders import actions  # noqa: E402

FLOW = EXAMPLE / "order_fulfilment.flow"
SMALL = {"order_id": "o1", "customer": "ada@example.com", "lines": [{"sku": "lamp", "quantity": 2}, {"sku": "chair", "quantity": 1}]}
LARGE = {"order_id": "o2", "customer": "bob@example.com", "lines": [{"sku": "desk", "quantity": 2}]}
# Callback timeouts run in real time on the local runner: the test copy waits one second.
SHORT_APPROVAL = {"timeout 2 days": "timeout 1 second"}


@pytest.fixture(autouse=True)
def warehouse() -> actions.Warehouse:
    return actions.reset()


def test_a_small_order_ships_without_approval(compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse) -> None:
    runner = durable_runner(compile_flow(FLOW).handler)
    result = runner.run(input=json.dumps(SMALL), execution_timeout=30)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"status": "shipped", "order_id": "o1", "tracking": "TRK-o1", "total_cents": 34000}
    assert warehouse.stock == {"lamp": 8, "desk": 3, "chair": 7}
    assert warehouse.approvals == {}
    assert [op.name for op in result.operations] == ["reservations", "quote", "shipment", "notify_customer"]


def test_a_large_order_waits_for_approval_then_ships(compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse) -> None:
    runner = durable_runner(compile_flow(FLOW).handler)
    arn = runner.run_async(input=json.dumps(LARGE), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="approval create callback id", timeout=10)
    assert warehouse.approvals["o2"] == callback_id
    runner.send_callback_success(callback_id, json.dumps({"approved": True, "manager": "Grace"}).encode())
    result = runner.wait_for_result(arn, timeout=30)
    assert json.loads(result.result)["total_cents"] == 120000
    assert warehouse.shipments == {"o2": "TRK-o2"}


def test_a_rejected_order_releases_its_stock(compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse) -> None:
    runner = durable_runner(compile_flow(FLOW).handler)
    arn = runner.run_async(input=json.dumps(LARGE), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="approval create callback id", timeout=10)
    runner.send_callback_success(callback_id, json.dumps({"approved": False, "manager": "Grace"}).encode())
    result = runner.wait_for_result(arn, timeout=30)
    assert result.error.type == "order_fulfilment_handler.OrderRejected"
    assert result.error.message == "rejected by Grace: no reason given"
    assert warehouse.stock["desk"] == 3
    assert warehouse.reserved == {}


def test_an_unanswered_approval_times_out_and_releases_stock(
    compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse
) -> None:
    runner = durable_runner(compile_flow(FLOW, replace=SHORT_APPROVAL).handler)
    result = runner.run(input=json.dumps(LARGE), execution_timeout=30)
    assert result.error.type == "order_fulfilment_handler.ApprovalTimedOut"
    assert warehouse.stock["desk"] == 3


def test_an_approval_system_failure_fails_the_order_and_releases_stock(
    compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse
) -> None:
    runner = durable_runner(compile_flow(FLOW).handler)
    arn = runner.run_async(input=json.dumps(LARGE), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="approval create callback id", timeout=10)
    runner.send_callback_failure(callback_id, ErrorObject(message="inbox down", type="Mail", data=None, stack_trace=None))
    result = runner.wait_for_result(arn, timeout=30)
    assert result.error.type.endswith("CallbackExternalError")
    assert warehouse.reserved == {}


def test_a_line_out_of_stock_fails_the_order_and_releases_the_other_lines(
    compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse
) -> None:
    order = {**SMALL, "lines": [*SMALL["lines"], {"sku": "desk", "quantity": 9}]}
    runner = durable_runner(compile_flow(FLOW).handler)
    result = runner.run(input=json.dumps(order), execution_timeout=30)
    assert result.status.value == "FAILED"
    assert "only 3 desk left" in result.error.message
    assert warehouse.stock == {"lamp": 10, "desk": 3, "chair": 8}


def test_a_flaky_carrier_is_retried(compile_flow: Any, durable_runner: Any, warehouse: actions.Warehouse) -> None:
    warehouse.fail_next("ship_order", actions.CarrierUnavailable("503"), actions.CarrierUnavailable("503"))
    runner = durable_runner(compile_flow(FLOW).handler)
    result = runner.run(input=json.dumps(SMALL), execution_timeout=30)
    assert result.status.value == "SUCCEEDED", result.error
    assert result.get_step("shipment").attempt == 3
