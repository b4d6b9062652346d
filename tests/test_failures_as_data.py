"""Version 2, 10.2: `on failure ERROR, … as NAME`, several blocks, on every operation.

Each flow runs on the SDK's local runner with the real actions of
`tests/flows/billing_actions.py`, whose errors inherit from one another.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from dflow.local.scenarios import CallbackAnswer
from tests.on_runner import run

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import billing_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    billing_actions.reset()


CHARGE = """flow charge
actions billing_actions

input
  card: string
  account: string

step charge = charge_card(card: input.card, amount: 500)
  retry 2 times every 1 second on CardDeclined
  undo refund(charge: "ch")
  on failure CardDeclined as problem
    step suspend_account(account: input.account)
    return { status: "suspended", reason: problem.message, type: problem.type }
  on failure as problem
    fail ChargeFailed "the card could not be charged: {problem.message}"
return { status: "charged", charge: charge.id }
"""


def test_a_block_for_the_named_error_handles_that_error_after_its_retries(tmp_path: Path) -> None:
    outcome = run(CHARGE, tmp_path, {"card": "declined", "account": "acc-1"})
    assert outcome.status == "succeeded", outcome.error_message
    assert outcome.result == {
        "status": "suspended", "reason": "card declined for 500", "type": "CardDeclined"}
    assert billing_actions.CALLS["charge_card"] == 3  # the first attempt and two retries


def test_a_failure_no_named_block_matches_goes_to_the_block_without_names(tmp_path: Path) -> None:
    outcome = run(CHARGE, tmp_path, {"card": "broken", "account": "acc-1"})
    assert (outcome.status, outcome.error_type, outcome.error_message) == (
        "failed", "charge_handler.ChargeFailed",
        "the card could not be charged: the bank is unreachable")
    assert billing_actions.CALLS["charge_card"] == 1  # `retry … on CardDeclined` only
    assert billing_actions.CALLS["suspend_account"] == 0


def test_a_failure_no_block_handles_is_unhandled_and_runs_undo(tmp_path: Path) -> None:
    outcome = run("""flow strict
actions billing_actions
input
  card: string
step first = charge_card(card: "ok", amount: 1)
  undo refund(charge: first.id)
step second = charge_card(card: input.card, amount: 2)
  on failure CardDeclined
    return "declined"
return "charged"
""", tmp_path, {"card": "broken"})
    assert outcome.status == "failed"
    assert outcome.error_message == "the bank is unreachable"
    assert outcome.compensations == ["undo_first"]


def test_a_block_naming_a_base_class_handles_its_subclasses_also_after_a_replay(tmp_path: Path) -> None:
    # The wait after the step suspends the execution; the replay rebuilds the
    # failure from its checkpoint and must choose the same block.
    outcome = run("""flow tree
actions billing_actions
input
  card: string
step charge = charge_card(card: input.card, amount: 1)
  on failure PaymentError as problem
    wait 1 second
    return { handled_as: "payment", type: problem.type, message: problem.message }
  on failure
    return { handled_as: "other" }
return "charged"
""", tmp_path, {"card": "expired"})
    assert outcome.result == {
        "handled_as": "payment", "type": "CardExpired", "message": "card expired in 2020"}
    assert billing_actions.CALLS["charge_card"] == 1


def test_a_builtin_error_name_matches_a_builtin_exception(tmp_path: Path) -> None:
    outcome = run("""flow builtin
actions billing_actions
step charge = charge_card(card: "broken", amount: 1)
  on failure ValueError
    return "value"
  on failure RuntimeError as problem
    return problem.type
""", tmp_path)
    assert outcome.result == "RuntimeError"


def test_a_block_that_does_not_end_continues_with_the_name_holding_null(tmp_path: Path) -> None:
    outcome = run("""flow onward
actions billing_actions
step charge = charge_card(card: "declined", amount: 1)
  on failure CardDeclined, CardExpired as problem
    log "not charged: {problem.message}"
return { charge: charge }
""", tmp_path)
    assert outcome.result == {"charge": None}


def test_a_callback_timeout_is_named_callback_timeout(tmp_path: Path) -> None:
    outcome = run("""flow late
actions billing_actions
wait for answer = notify(who: "a")
  timeout 1 second
  on timeout as problem
    return problem.type
return answer
""", tmp_path, answer=CallbackAnswer(timeout=True))
    assert outcome.result == "CallbackTimeout", outcome.error_message


CALLBACK = """flow asked
actions billing_actions
input
  who: string
wait for answer = notify(who: input.who)
  on failure SubmitterFailed as problem
    return { submitter: problem.type, message: problem.message }
  on failure CallbackFailed as problem
    return { refused: problem.message }
return answer
"""


def test_a_callback_the_other_system_fails_is_named_callback_failed(tmp_path: Path) -> None:
    outcome = run(CALLBACK, tmp_path, {"who": "a"}, answer=CallbackAnswer(fail="not today"))
    assert outcome.result == {"refused": "not today"}, outcome.error_message


def test_a_failed_submitter_is_named_submitter_failed_with_its_message(tmp_path: Path) -> None:
    # The SDK keeps the submitter's message but not its error type.
    outcome = run(CALLBACK, tmp_path, {"who": "nobody"}, answer=CallbackAnswer(answer="unused"))
    assert outcome.result == {"submitter": "SubmitterFailed", "message": "nobody to notify"}


def test_an_invoked_functions_error_type_is_matched_by_its_last_part(tmp_path: Path) -> None:
    class LedgerClosed(Exception):
        pass

    def ledger(event: Any, context: Any) -> Any:
        raise LedgerClosed("the ledger is closed")

    outcome = run("""flow booked
invoke entry = "ledger" with { amount: 1 }
  on failure LedgerClosed as problem
    return { type: problem.type, message: problem.message }
  on failure
    return "other"
return entry
""", tmp_path, functions={"ledger": ledger})
    assert outcome.result == {"type": "LedgerClosed", "message": "the ledger is closed"}, outcome.error_message


def test_a_poll_that_runs_out_of_checks_is_named_condition_not_met(tmp_path: Path) -> None:
    outcome = run("""flow waiting
actions billing_actions
poll job = job_status(job: "j") every 1 second until job.done
  max 2 times
  on failure ConditionNotMet as problem
    return problem.type
return job
""", tmp_path)
    assert outcome.result == "ConditionNotMet"


def test_a_for_each_beyond_its_tolerance_gives_the_first_failed_items_error(tmp_path: Path) -> None:
    outcome = run("""flow shop
actions billing_actions
for each n in [1, 2, 3] as packed
  if n == 2
    fail OutOfStock "no {n}"
  set done = n
  on failure OutOfStock as problem
    log "stopped"
    return { type: problem.type, message: problem.message }
return packed
""", tmp_path)
    assert outcome.result == {"type": "OutOfStock", "message": "no 2"}


def test_a_parallel_with_a_handled_failure_goes_on_with_its_name_null(tmp_path: Path) -> None:
    outcome = run("""flow accounts
actions billing_actions
parallel made
  branch email
    step charge_card(card: "ok", amount: 1)
  branch chat
    step charge_card(card: "declined", amount: 2)
  on failure as problem
    log "{problem.type}: {problem.message}"
return { made: made }
""", tmp_path)
    assert outcome.result == {"made": None}, outcome.error_message


def test_a_step_failing_in_a_branch_keeps_its_error_name_for_on_failure(tmp_path: Path) -> None:
    outcome = run("""flow accounts
actions billing_actions
parallel made
  branch email
    step charge_card(card: "ok", amount: 1)
  branch chat
    step charge_card(card: "declined", amount: 2)
  on failure CardDeclined as problem
    return { type: problem.type, message: problem.message }
return { made: made }
""", tmp_path)
    # The action's own error name survives the branch: the failure is CardDeclined, not StepError.
    assert outcome.result == {"type": "CardDeclined", "message": "card declined for 2"}, outcome.error_message
