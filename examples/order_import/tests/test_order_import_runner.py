"""The order import on the SDK's local runner: a `repeat` over pages, a rate-limited page retried,
a comprehension that drops cancelled orders, and batches loaded at once with a share tolerated."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from imports import actions  # noqa: E402

FLOW = EXAMPLE / "order_import.flow"
REQUEST = {"partner": "acme", "since": "2026-11-01T00:00:00Z"}


def order(number: int, status: str = "new") -> dict[str, Any]:
    return {"id": f"o{number}", "status": status}


@pytest.fixture(autouse=True)
def partner() -> None:
    actions.reset()
    actions.PAGES.update({
        None: {"orders": [order(1), order(2, "cancelled"), order(3)], "next_cursor": "p2"},
        "p2": {"orders": [order(4), order(5)], "next_cursor": "p3"},
        "p3": {"orders": [order(6)], "next_cursor": None},
    })


def run(compile_flow: Any, durable_runner: Any, request: dict[str, Any] | None = None) -> Any:
    runner = durable_runner(compile_flow(FLOW).handler)
    return runner.run(input=json.dumps(request or REQUEST), execution_timeout=30)


def test_every_page_is_read_and_cancelled_orders_are_left_out(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "partner": "acme", "imported": 5, "batches": 3, "skipped_batches": [],
        "ids": ["o1", "o3", "o4", "o5", "o6"],
    }
    assert [cursor for name, cursor in actions.CALLS if name == "fetch_orders"] == [None, "p2", "p3"]
    assert actions.LOADED == {0: ["o1", "o3"], 1: ["o4", "o5"], 2: ["o6"]}


def test_a_rate_limited_page_is_asked_for_again(compile_flow: Any, durable_runner: Any) -> None:
    actions.RATE_LIMITED["p2"] = 2
    result = run(compile_flow, durable_runner)
    assert json.loads(result.result)["imported"] == 5, result.error
    assert [cursor for name, cursor in actions.CALLS if name == "fetch_orders"] == [None, "p2", "p2", "p2", "p3"]


def test_one_batch_in_four_may_fail_and_is_reported(compile_flow: Any, durable_runner: Any) -> None:
    actions.PAGES["p3"] = {"orders": [order(6), order(7), order(8)], "next_cursor": None}
    actions.BROKEN.add("o7")
    result = run(compile_flow, durable_runner)
    assert json.loads(result.result)["skipped_batches"] == [2], result.error  # [o6, o7] of four batches


def test_more_failed_batches_than_tolerated_fail_the_import(compile_flow: Any, durable_runner: Any) -> None:
    actions.BROKEN.update({"o1", "o4"})
    result = run(compile_flow, durable_runner)
    assert result.status.value == "FAILED"
    # Batches run at once: the failure reported is the first, in input order, of those that had
    # failed when the batch stopped.
    assert result.error.message in ("batch 0 holds a broken order", "batch 1 holds a broken order")


def test_the_batch_size_is_an_input(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, {**REQUEST, "batch_size": 5})
    assert json.loads(result.result)["batches"] == 1, result.error
