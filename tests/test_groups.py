"""Version 2, 10.3: `group NAME` with `on failure` and `finally`.

Each flow runs on the SDK's local runner with `tests/flows/billing_actions.py`.
`finally` must run once the group is over, in every way it can be over, and
never when the execution only suspends (a `wait` inside the group suspends it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dflow.compiler.pipeline import compile_text
from dflow.language.diagnostics import FlowError
from tests.on_runner import run

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import billing_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    billing_actions.reset()


BILLING = """flow billing
actions billing_actions

input
  card: string
  account: string

step hold = charge_card(card: "hold", amount: 1)
  undo refund(charge: hold.id)
group billing
  step charge = charge_card(card: input.card, amount: 500)
  wait 1 second
  step receipt = suspend_account(account: charge.id)
  on failure CardDeclined as problem
    step suspend_account(account: input.account)
    return { status: "suspended", reason: problem.message, type: problem.type }
  finally
    step record_outcome(outcome: input.card)
return { status: "charged", receipt: billing }
"""


def test_a_group_holds_its_last_result_and_runs_finally_once_despite_suspending(tmp_path: Path) -> None:
    outcome = run(BILLING, tmp_path, {"card": "ok", "account": "acc"})
    assert outcome.result == {"status": "charged", "receipt": {"suspended": "ch-ok"}}, outcome.error_message
    # The wait suspended the execution inside the group: `finally` ran only at its end.
    assert billing_actions.LEDGER == ["ok"]
    assert "billing" in outcome.operations


def test_a_handled_failure_inside_a_group_keeps_the_actions_error_type(tmp_path: Path) -> None:
    outcome = run(BILLING, tmp_path, {"card": "declined", "account": "acc"})
    assert outcome.result == {
        "status": "suspended", "reason": "card declined for 500", "type": "CardDeclined"}, outcome.error_message
    assert billing_actions.CALLS["suspend_account"] == 1
    assert billing_actions.LEDGER == ["declined"]  # after the `on failure` block, before the flow ends
    assert outcome.compensations == []  # `return` never undoes


def test_an_unhandled_failure_runs_finally_then_the_flows_undo(tmp_path: Path) -> None:
    outcome = run(BILLING, tmp_path, {"card": "broken", "account": "acc"})
    assert outcome.status == "failed"
    assert outcome.error_message == "the bank is unreachable"
    assert billing_actions.LEDGER == ["broken"]
    assert outcome.compensations == ["undo_hold"]
    names = [event.name for event in outcome.events if event.top_level and event.status == "started"]
    assert names.index("record_outcome") < names.index("undo_hold")


def test_return_inside_a_group_ends_the_flow_after_finally(tmp_path: Path) -> None:
    outcome = run("""flow early
actions billing_actions
group checkout
  step charge = charge_card(card: "ok", amount: 1)
  if charge.amount == 1
    return "ended inside"
  step suspend_account(account: "never")
  finally
    step record_outcome(outcome: "finally")
return "after the group"
""", tmp_path)
    assert outcome.result == "ended inside", outcome.error_message
    assert billing_actions.LEDGER == ["finally"]
    assert billing_actions.CALLS["suspend_account"] == 0


def test_fail_inside_a_group_is_its_failure_for_on_failure(tmp_path: Path) -> None:
    outcome = run("""flow stopped
actions billing_actions
group checkout
  step charge_card(card: "ok", amount: 1)
  fail OutOfStock "nothing left"
  on failure OutOfStock as problem
    return { type: problem.type, message: problem.message }
""", tmp_path)
    assert outcome.result == {"type": "OutOfStock", "message": "nothing left"}, outcome.error_message


def test_a_failing_finally_is_the_groups_failure_and_its_on_failure_does_not_handle_it(tmp_path: Path) -> None:
    outcome = run("""flow strict
actions billing_actions
group checkout
  step charge_card(card: "ok", amount: 1)
  on failure
    return "handled"
  finally
    step record_outcome(outcome: "refuse")
return "done"
""", tmp_path)
    assert outcome.status == "failed", outcome.result
    assert outcome.error_message == "the ledger refused the entry"


def test_groups_nest_and_a_return_in_the_inner_one_ends_the_flow(tmp_path: Path) -> None:
    outcome = run("""flow nested
actions billing_actions
group outer
  group inner
    step charge = charge_card(card: "ok", amount: 1)
    if charge.amount == 1
      return charge.id
  step suspend_account(account: "never")
return "after"
""", tmp_path)
    assert outcome.result == "ch-ok", outcome.error_message
    assert billing_actions.CALLS["suspend_account"] == 0


def test_names_inside_a_group_stay_inside() -> None:
    with pytest.raises(FlowError) as error:
        compile_text("flow f\nactions a\ngroup g\n  step x = f()\nreturn x\n", "f.flow")
    assert error.value.diagnostics[0].code in ("DF261", "DF262")


def test_finally_comes_last() -> None:
    with pytest.raises(FlowError) as error:
        compile_text("flow f\nactions a\ngroup g\n  step f()\n  finally\n    log \"x\"\n  on failure\n    log \"y\"\n", "f.flow")
    assert [d.code for d in error.value.diagnostics if d.severity == "error"] == ["DF287"]
