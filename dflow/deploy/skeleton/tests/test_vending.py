"""The vending flow on the durable SDK's local runner, with the real actions: no AWS account needed.

`dflow test` runs the scenarios in flows/vending.scenarios.yaml; these tests
show how to drive an execution yourself, answering its payment callback.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from aws_durable_execution_sdk_python_testing import DurableFunctionTestRunner

from dflow.cli import main as dflow
from vending import actions

PROJECT = Path(__file__).resolve().parents[1]
ORDER = {"order_id": "o-1", "slot": "A1", "price_cents": 250}


@pytest.fixture
def handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The flow compiled by `dflow compile` into a temporary folder, imported."""
    assert dflow(["compile", str(PROJECT / "flows" / "vending.flow"), "-o", str(tmp_path)]) == 0
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("vending_handler", None)
    return importlib.import_module("vending_handler")


@pytest.fixture
def runner(handler: ModuleType) -> Iterator[DurableFunctionTestRunner]:
    actions.reset({"A1": 3})
    with DurableFunctionTestRunner(handler=handler.handler, poll_interval=0.01) as runner:
        yield runner


def test_an_approved_payment_dispenses(runner: DurableFunctionTestRunner) -> None:
    arn = runner.run_async(input=json.dumps(ORDER), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="payment create callback id", timeout=10)
    runner.send_callback_success(callback_id, json.dumps({"status": "approved"}).encode())
    result = runner.wait_for_result(arn, timeout=30)

    assert json.loads(result.result or "null") == {"status": "dispensed", "order_id": "o-1"}
    assert actions.MACHINE.stock["A1"] == 2


def test_the_scenarios_pass() -> None:
    assert dflow(["test", str(PROJECT / "flows")]) == 0


def test_a_retried_reservation_holds_the_slot_once() -> None:
    actions.reset({"A1": 1})
    first = actions.reserve_slot(slot="A1", order_id="o-1")
    assert actions.reserve_slot(slot="A1", order_id="o-1") == first
