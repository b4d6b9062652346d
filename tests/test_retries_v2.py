"""Version 2, 10.1: `retry` under invoke, poll, wait for and group, and several `retry` lines.

Each flow runs on the SDK's local runner with the flaky actions of
`tests/flows/billing_actions.py`, which fail a given number of times first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from dflow.compiler.pipeline import compile_text
from dflow.language.diagnostics import FlowError
from dflow.local.execute import execute
from dflow.local.scenarios import CallbackAnswer
from tests.on_runner import run
from tests.test_runtime_corners import load

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import billing_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    billing_actions.reset()


LINES = """flow lines
actions billing_actions
input
  error: string
  failures: integer
step charge = flaky(key: "charge", failures: input.failures, error: input.error)
  retry 3 times every 1 second on CardDeclined
  retry 1 time every 1 second
return charge
"""


@pytest.mark.parametrize(("error", "failures", "status", "calls"), [
    ("declined", 3, "succeeded", 4),  # the first line allows three retries
    ("declined", 4, "failed", 4),  # …and no more: four attempts in all
    ("broken", 1, "succeeded", 2),  # the second line: one retry
    ("broken", 2, "failed", 2),
])
def test_the_first_retry_line_naming_the_error_decides(
    error: str, failures: int, status: str, calls: int, tmp_path: Path
) -> None:
    module = load(LINES, tmp_path)
    outcome = execute(module, {"error": error, "failures": failures}, {}, timeout_seconds=30)
    assert outcome.status == status, outcome.error_message
    assert billing_actions.CALLS["charge"] == calls


def test_an_invoke_is_tried_again_by_its_retry_line(tmp_path: Path) -> None:
    calls: list[Any] = []

    def ledger(event: Any, context: Any) -> Any:
        calls.append(event)
        if len(calls) < 3:
            raise RuntimeError("the ledger is busy")
        return {"booked": event["amount"]}

    outcome = run("""flow booked
invoke entry = "ledger" with { amount: 5 }
  retry 2 times every 1 second
return entry
""", tmp_path, functions={"ledger": ledger})
    assert outcome.result == {"booked": 5}, outcome.error_message
    assert len(calls) == 3


def test_an_invoke_retry_on_a_name_matches_the_invoked_functions_error_type(tmp_path: Path) -> None:
    class LedgerBusy(Exception):
        pass

    calls: list[Any] = []

    def ledger(event: Any, context: Any) -> Any:
        calls.append(event)
        raise LedgerBusy("busy") if len(calls) == 1 else RuntimeError("down")

    outcome = run("""flow booked
invoke entry = "ledger" with { amount: 5 }
  retry 3 times every 1 second on LedgerBusy
return entry
""", tmp_path, functions={"ledger": ledger})
    assert outcome.status == "failed"
    assert len(calls) == 2  # LedgerBusy was retried, RuntimeError was not


def test_a_polls_failing_check_is_tried_again(tmp_path: Path) -> None:
    outcome = run("""flow waiting
actions billing_actions
poll job = flaky(key: "job", failures: 1) every 1 second until job.calls >= 2
  retry 1 time every 1 second
return job
""", tmp_path)
    assert outcome.result == {"key": "job", "calls": 2}, outcome.error_message


def test_a_callbacks_submitter_is_tried_again(tmp_path: Path) -> None:
    outcome = run("""flow asked
actions billing_actions
wait for answer = flaky_notify(key: "notify", failures: 2)
  timeout 1 minute
  retry 2 times every 1 second
return answer
""", tmp_path, answer=CallbackAnswer(answer={"ok": True}))
    assert outcome.result == {"ok": True}, outcome.error_message
    assert billing_actions.CALLS["notify"] == 3


def test_a_retried_group_runs_its_statements_again_from_the_start(tmp_path: Path) -> None:
    outcome = run("""flow again
actions billing_actions
group billing
  step first = flaky(key: "first", failures: 0)
  step second = flaky(key: "second", failures: 1)
  retry 1 time every 1 second on CardDeclined
return billing
""", tmp_path)
    assert outcome.result == {"key": "second", "calls": 2}, outcome.error_message
    assert billing_actions.CALLS["first"] == 2  # the whole group ran again
    assert outcome.attempts("first") == 2  # and the history keeps both attempts


def test_a_retry_line_after_one_without_on_is_an_error() -> None:
    with pytest.raises(FlowError) as error:
        compile_text("flow f\nactions a\nstep f()\n  retry 1 time\n  retry 2 times on Busy\n", "f.flow")
    assert [d.code for d in error.value.diagnostics if d.severity == "error"] == ["DF288"]
