"""Version 2, 10.7: an expression that fails at run time fails with ExpressionError, naming the line.

Each flow runs on the SDK's local runner; the action returns a map without
the key the flow reads, or a value of the wrong type.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.on_runner import run

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import billing_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    billing_actions.reset()


HEADER = "flow reads\nactions billing_actions\nstep payment = charge_card(card: \"ok\", amount: 1)\n"


@pytest.mark.parametrize(("statement", "message"), [
    ("set status = payment.status", 'line 4: payment.status: no key "status"'),
    ("return payment.amount + \"x\"", "line 4: payment.amount + \"x\": unsupported operand type(s) for +: 'int' and 'str'"),
    ('if payment.status == "ok"\n  return 1', 'line 4: payment.status == "ok": no key "status"'),
    ('log "{payment.missing}"', 'line 4: "{payment.missing}": no key "missing"'),
    ("return from_json(payment.id)", "line 4: from_json(payment.id): Expecting value: line 1 column 1 (char 0)"),
    ("return [1][payment.amount]", "line 4: [1][payment.amount]: no item at that position"),
])
def test_an_expression_that_fails_is_an_expression_error_naming_the_line(
    statement: str, message: str, tmp_path: Path
) -> None:
    outcome = run(HEADER + statement + "\n", tmp_path)
    assert (outcome.status, outcome.error_type, outcome.error_message) == (
        "failed", "reads_handler.ExpressionError", message)


def test_an_expression_error_inside_a_group_is_its_failure_and_is_not_retried(tmp_path: Path) -> None:
    outcome = run("""flow reads
actions billing_actions
group checkout
  step payment = charge_card(card: "ok", amount: 1)
  set status = payment.status
  retry 3 times every 1 second
  on failure ExpressionError as problem
    return { type: problem.type, message: problem.message }
""", tmp_path)
    assert outcome.result == {"type": "ExpressionError", "message": 'line 5: payment.status: no key "status"'}, (
        outcome.error_message)
    assert billing_actions.CALLS["charge_card"] == 1  # never retried


def test_an_expression_error_runs_the_undo_calls(tmp_path: Path) -> None:
    outcome = run("""flow reads
actions billing_actions
step payment = charge_card(card: "ok", amount: 1)
  undo refund(charge: payment.id)
set status = payment.status
""", tmp_path)
    assert outcome.error_type == "reads_handler.ExpressionError"
    assert outcome.compensations == ["undo_payment"]


def test_a_failing_argument_is_the_steps_expression_error_seen_by_its_on_failure_and_never_retried(
    tmp_path: Path,
) -> None:
    outcome = run("""flow args
actions billing_actions
step payment = charge_card(card: "ok", amount: 1)
step refund(charge: payment.missing)
  retry 2 times
  on failure ExpressionError as problem
    return { type: problem.type, message: problem.message }
return "refunded"
""", tmp_path)
    assert outcome.result == {
        "type": "ExpressionError", "message": 'line 4: refund(charge: payment.missing): no key "missing"'}, (
        outcome.error_message)
    assert billing_actions.CALLS["refund"] == 0


def test_a_failing_submitter_argument_is_an_expression_error(tmp_path: Path) -> None:
    outcome = run("""flow asked
actions billing_actions
step payment = charge_card(card: "ok", amount: 1)
wait for answer = notify(who: payment.customer)
  timeout 1 minute
return answer
""", tmp_path)
    assert (outcome.error_type, outcome.error_message) == (
        "asked_handler.ExpressionError", 'line 4: notify(who: payment.customer): no key "customer"')
    assert billing_actions.CALLS["notify"] == 0
