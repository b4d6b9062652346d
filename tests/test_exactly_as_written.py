"""Exactly as written, in every corner of version 2: each case runs on the SDK's local runner.

The corners where the durable SDK is subtle: lost invocations between
operations, replays, a flow edited while an execution waits, failures leaving
groups, values at the edge of what the service takes. The actions are
`tests/flows/billing_actions.py`, which count their calls, so a test sees a
side effect happen once or twice.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dflow.local.execute import execute
from dflow.local.scenarios import CallbackAnswer
from tests.on_runner import run
from tests.sdk_signals import edited_while_waiting, lose_invocation_before
from tests.test_runtime_corners import load

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import billing_actions  # noqa: E402

HEADER = "flow corner\nactions billing_actions\n\ninput\n  card: string\n\n"
NON_DETERMINISTIC = "aws_durable_execution_sdk_python.exceptions.NonDeterministicExecutionError"


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    billing_actions.reset()


# ---------------------------------------------------------------- 1. the SDK's signals pass untouched

RETRIED_GROUP = HEADER + """group booking
  step hold = charge_card(card: input.card, amount: 1)
  step receipt = suspend_account(account: hold.id)
  retry 2 times every 1 second
return booking
"""


def test_a_lost_invocation_inside_a_retried_group_replays_instead_of_running_the_group_again(
    tmp_path: Path,
) -> None:
    with lose_invocation_before("receipt") as lost:
        outcome = run(RETRIED_GROUP, tmp_path, {"card": "ok"})
    assert lost == ["receipt"]
    assert outcome.result == {"suspended": "ch-ok"}, outcome.error_message
    assert billing_actions.CALLS["charge_card"] == 1  # the hold is made once, not once per attempt


RETRIED_INVOKE = """flow corner

invoke ledger = "ledger" with { amount: 1 }
  retry 2 times every 1 second
  on failure as problem
    return "failed"
return ledger
"""


def test_a_lost_invocation_before_a_retried_invoke_uses_up_none_of_its_attempts(tmp_path: Path) -> None:
    calls: list[object] = []

    def ledger(event: object, context: object) -> None:
        calls.append(event)
        raise RuntimeError("the ledger is down")

    with lose_invocation_before("ledger") as lost:
        outcome = run(RETRIED_INVOKE, tmp_path, {}, functions={"ledger": ledger})
    assert lost == ["ledger"]
    assert outcome.result == "failed", outcome.error_message
    assert len(calls) == 3  # 1 + 2 retries, none spent on the lost invocation


def test_a_lost_invocation_before_a_retried_poll_uses_up_none_of_its_attempts(tmp_path: Path) -> None:
    flow = HEADER + """poll charge = charge_card(card: input.card, amount: 1) every 1 minute until charge != null
  retry 2 times every 1 second
  on failure as problem
    return problem.type
"""
    with lose_invocation_before("charge") as lost:
        outcome = run(flow, tmp_path, {"card": "broken"})
    assert lost == ["charge"]
    assert outcome.result == "RuntimeError", outcome.error_message
    assert billing_actions.CALLS["charge_card"] == 3


@pytest.mark.parametrize("retry", ["", "  retry 2 times every 1 second\n"])
def test_an_edit_inside_a_group_fails_executions_in_flight_as_a_replay_mismatch_retried_or_not(
    tmp_path: Path, retry: str
) -> None:
    old = HEADER + "group booking\n  step hold = charge_card(card: input.card, amount: 1)\n  wait 1 hour\n" \
        "  step receipt = suspend_account(account: hold.id)\n" + retry + "return booking\n"
    new = old.replace("  wait 1 hour\n", "  step extra = suspend_account(account: \"x\")\n  wait 1 hour\n")
    handler = edited_while_waiting(load(old, tmp_path, "old"), load(new, tmp_path, "new"))
    outcome = execute(handler, {"card": "ok"}, {}, timeout_seconds=30)
    assert outcome.status == "failed"
    assert outcome.error_type == NON_DETERMINISTIC, outcome.error_message
    assert billing_actions.CALLS["charge_card"] == 1  # the group did not run again
    assert billing_actions.CALLS["suspend_account"] == 0


# ---------------------------------------------------------------- 2 and 7. complete after N successes

SLOW_ITEMS = """flow corner
actions billing_actions

for each card in ["a", "slow-b", "slow-c", "slow-d"] as charged
  max concurrency 4
  complete after 1 success
  step charge = charge_card(card: card, amount: 1)
    undo refund(charge: charge.id)
  step again = charge_card(card: card, amount: 2)
fail Stopped "after the batch"
"""


def test_complete_after_with_undo_leaves_no_item_running_unseen_and_undoes_every_step(tmp_path: Path) -> None:
    outcome = run(SLOW_ITEMS, tmp_path, {})
    assert outcome.error_type == "corner_handler.Stopped", outcome.error_message
    # One item at a time: the first succeeded, so no other started; its step is undone.
    assert billing_actions.CALLS["charge_card"] == 2
    assert billing_actions.CALLS["refund"] == 1
    assert outcome.compensations == ["undo_charge"]


FEW_ITEMS = """flow corner
actions billing_actions

input
  cards: list of string

for each card in input.cards as charged
  complete after 3 successes
  step charge = charge_card(card: card, amount: 1)
return charged
"""


@pytest.mark.parametrize("cards", [["a", "b"], []])
def test_complete_after_more_successes_than_items_completes_when_every_item_is_done(
    tmp_path: Path, cards: list[str]
) -> None:
    outcome = run(FEW_ITEMS, tmp_path, {"cards": cards})
    assert outcome.result == [{"id": f"ch-{card}", "amount": 1} for card in cards], outcome.error_message


# ---------------------------------------------------------------- 3 and 4. a group's failure keeps its name

DEEP = HEADER + """step hold = charge_card(card: "hold", amount: 1)
  undo refund(charge: hold.id)
group outer
  group middle
    group inner
      step charge = charge_card(card: input.card, amount: 500)
        undo refund(charge: charge.id)
      fail Blocked "no way"
  finally
    step suspend_account(account: "finally")
"""


def test_a_fail_three_groups_deep_fails_the_execution_with_its_own_type(tmp_path: Path) -> None:
    outcome = run(DEEP, tmp_path, {"card": "ok"})
    assert (outcome.error_type, outcome.error_message) == ("corner_handler.Blocked", "no way")


def test_an_unhandled_failure_runs_the_groups_finally_then_every_undo_newest_first(tmp_path: Path) -> None:
    outcome = run(DEEP, tmp_path, {"card": "ok"})
    started = [event.name for event in outcome.events if event.status == "started"]
    assert started.index("suspend_account") < started.index("undo_charge") < started.index("undo_hold")
    assert outcome.compensations == ["undo_charge", "undo_hold"]


def test_a_step_failing_two_groups_deep_fails_the_execution_as_a_step_error(tmp_path: Path) -> None:
    flow = HEADER + "group outer\n  group inner\n    step charge = charge_card(card: input.card, amount: 500)\n"
    outcome = run(flow, tmp_path, {"card": "declined"})
    assert outcome.error_type == "aws_durable_execution_sdk_python.exceptions.StepError"
    assert outcome.error_message == "card declined for 500"


def test_a_failure_handled_around_nested_groups_keeps_the_actions_type_and_undoes_the_group(
    tmp_path: Path,
) -> None:
    flow = HEADER + """group outer
  group inner
    step hold = charge_card(card: "x", amount: 1)
      undo refund(charge: hold.id)
    step charge = charge_card(card: input.card, amount: 500)
  on failure CardDeclined as problem
    return problem
"""
    outcome = run(flow, tmp_path, {"card": "declined"})
    assert outcome.result == {"type": "CardDeclined", "message": "card declined for 500"}, outcome.error_message
    assert billing_actions.CALLS["refund"] == 1


def test_a_retried_group_undoes_a_failed_attempt_before_running_again(tmp_path: Path) -> None:
    flow = HEADER + """group booking
  step hold = charge_card(card: "hold", amount: 1)
    undo refund(charge: hold.id)
  step charge = charge_card(card: input.card, amount: 500)
  retry 1 time every 1 second
"""
    outcome = run(flow, tmp_path, {"card": "declined"})
    assert outcome.error_type == "aws_durable_execution_sdk_python.exceptions.StepError"
    # Two attempts, each hold undone: the first before the second attempt, the last as the flow fails.
    assert billing_actions.CALLS["charge_card"] == 4
    assert billing_actions.CALLS["refund"] == 2


# ---------------------------------------------------------------- 5 and 6. expressions

POLL = HEADER.replace("card: string", "job: map") + """poll status = charge_card(card: input.job.card, amount: 1) every 1 minute until status.done == true
  max 3 times
  retry 2 times
"""


def test_a_poll_argument_that_fails_is_an_expression_error_never_retried(tmp_path: Path) -> None:
    outcome = run(POLL, tmp_path, {"job": {}})
    assert outcome.error_type == "corner_handler.ExpressionError", outcome.error_message
    assert outcome.error_message == 'line 7: charge_card(card: input.job.card, amount: 1): no key "card"'
    assert billing_actions.CALLS["charge_card"] == 0


def test_a_poll_condition_that_fails_is_an_expression_error_never_retried(tmp_path: Path) -> None:
    outcome = run(POLL, tmp_path, {"job": {"card": "x"}})
    assert outcome.error_type == "corner_handler.ExpressionError", outcome.error_message
    assert outcome.error_message == 'line 7: until status.done == true: no key "done"'
    assert billing_actions.CALLS["charge_card"] == 1


def test_on_failure_expression_error_handles_a_polls_failing_condition(tmp_path: Path) -> None:
    flow = POLL + "  on failure ExpressionError as problem\n    return problem.type\n"
    outcome = run(flow, tmp_path, {"job": {"card": "x"}})
    assert outcome.result == "ExpressionError", outcome.error_message


def test_default_gives_the_fallback_for_a_missing_key_at_any_depth_of_the_path(tmp_path: Path) -> None:
    flow = "flow corner\n\ninput\n  a: map\n\nreturn [default(input.a[\"k\"], 1), default(input.a.b.c, 2), " \
        "default(input.a.l[5], 3), default(input.a.z, 4), default(input.a.l, 5)]\n"
    outcome = run(flow, tmp_path, {"a": {"l": [], "z": None}})
    assert outcome.result == [1, 2, 3, 4, []], outcome.error_message


# ---------------------------------------------------------------- 8, 9 and 10. values at the edges

WAIT = HEADER.replace("card: string", "minutes: number") + """step hold = charge_card(card: "hold", amount: 1)
  undo refund(charge: hold.id)
wait input.minutes minutes
"""


@pytest.mark.parametrize(("minutes", "says"), [
    ("1e400", "is not a whole number of at least 0"),  # valid JSON, read as infinity
    ("600000", "is longer than the longest wait, 366 days"),
])
def test_a_computed_wait_beyond_what_the_service_takes_is_invalid_duration_with_undo(
    tmp_path: Path, minutes: str, says: str
) -> None:
    outcome = run(WAIT, tmp_path, json.loads(f'{{"minutes": {minutes}}}'))
    assert outcome.error_type == "corner_handler.InvalidDuration", outcome.error_message
    assert says in (outcome.error_message or "")
    assert outcome.compensations == ["undo_hold"]


@pytest.mark.parametrize(("sent", "text"), [(float("nan"), "NaN"), (float("inf"), "Infinity"),
                                            (float("-inf"), "-Infinity")])
def test_a_callback_answered_with_a_constant_json_lacks_arrives_as_text(
    tmp_path: Path, sent: float, text: str
) -> None:
    flow = "flow corner\nactions billing_actions\n\nwait for answer = notify(who: \"x\")\n  timeout 1 minute\n" \
        "return [answer, type_of(answer)]\n"
    outcome = run(flow, tmp_path, {}, answer=CallbackAnswer(answer=sent))
    assert outcome.result == [text, "string"], outcome.error_message


def test_log_fields_named_like_a_python_3_14_log_record_attribute_are_refused() -> None:
    from dflow.language.checks.expressions import LOG_RECORD_NAMES
    from dflow.language.reading import check_text

    assert "taskName" in LOG_RECORD_NAMES  # every record has it from Python 3.12 on
    diagnostics = check_text('flow f\nlog "x" with { taskName: 1 }\n', "f.flow")[1]
    assert [d.code for d in diagnostics] == ["DF296"]


# ---------------------------------------------------------------- 11. the service's operation limit

def test_a_loop_bound_past_the_services_operation_limit_is_a_warning() -> None:
    from dflow.language.reading import check_text

    flow = "flow f\nactions a\n\nrepeat until false\n  max 2000 times\n  step x = go()\n  step y = go()\n"
    diagnostics = check_text(flow, "f.flow")[1]
    assert [(d.code, d.severity) for d in diagnostics] == [("DF406", "warning")]
    assert "up to 4,000 operations" in diagnostics[0].message
    assert check_text(flow.replace("2000", "1000"), "f.flow")[1] == []


# ---------------------------------------------------------------- 12 and 13. checks that agree with the runtime

SETS = HEADER + """set outcome = "failed"
set count = 0
group booking
  set count = count + 1
  step charge = charge_card(card: "ok", amount: 1)
  wait 1 second
  set outcome = "charged"
  step again = charge_card(card: input.card, amount: 2)
  on failure as problem
    set count = count + 10
wait 1 second
return [outcome, count]
"""


@pytest.mark.parametrize(("card", "result"), [("ok", ["charged", 1]), ("declined", ["charged", 11])])
def test_a_group_gives_new_values_to_names_set_before_it_that_survive_replays(
    tmp_path: Path, card: str, result: list[object]
) -> None:
    outcome = run(SETS, tmp_path, {"card": card})
    assert outcome.result == result, outcome.error_message


@pytest.mark.parametrize("later", [
    "group g\n  step b = charge_card(card: \"b\", amount: 1)\n  finally\n    step suspend_account(account: \"x\")\n",
    "wait input.card minutes\n",
])
def test_no_undo_is_called_unreachable_when_a_later_finally_or_computed_wait_can_fail(later: str) -> None:
    from dflow.language.reading import check_text

    flow = HEADER + "step hold = charge_card(card: \"a\", amount: 1)\n  undo refund(charge: hold.id)\n" + later
    codes = [d.code for d in check_text(flow, "f.flow")[1]]
    assert "DF402" not in codes


# ---------------------------------------------------------------- edits while executions wait

OLD = """flow corner
actions billing_actions

step first = charge_card(card: "a", amount: 1)
wait 1 hour
step second = charge_card(card: "b", amount: 2)
return second
"""

SAFE_EDITS = {
    "a log line": ("wait 1 hour\n", "log \"waiting\"\nwait 1 hour\n"),
    "a set": ("wait 1 hour\n", "set note = \"waiting\"\nwait 1 hour\n"),
    "a comment": ("wait 1 hour\n", "# the shop closes at night\nwait 1 hour\n"),
    "a step after the last wait": ("return second\n", "step third = charge_card(card: \"c\", amount: 3)\nreturn second\n"),
    "a retry's count": ("amount: 1)\n", "amount: 1)\n  retry 2 times\n"),
    "a wait's length": ("wait 1 hour\n", "wait 2 hours\n"),
    "reading when the execution started": ("return second\n", "return [second, execution.started_at]\n"),
}
BREAKING_EDITS = {
    "an operation inserted before a wait": ("wait 1 hour\n", "step extra = charge_card(card: \"x\", amount: 9)\nwait 1 hour\n"),
    "an operation removed before a wait": ("step first = charge_card(card: \"a\", amount: 1)\n", ""),
    "an operation renamed": ("step first =", "step initial ="),
    "an operation's kind changed": ("step first = charge_card(card: \"a\", amount: 1)\n", "invoke first = \"ledger\" with {}\n"),
    "an operation moved into a group": ("step first = charge_card(card: \"a\", amount: 1)\n",
                                         "group setup\n  step first = charge_card(card: \"a\", amount: 1)\n"),
}


@pytest.mark.parametrize("edit", SAFE_EDITS, ids=list(SAFE_EDITS))
def test_an_edit_the_language_reference_calls_safe_replays_an_execution_in_flight(tmp_path: Path, edit: str) -> None:
    old_text, new_text = SAFE_EDITS[edit]
    new = OLD.replace(old_text, new_text, 1)
    assert new != OLD
    handler = edited_while_waiting(load(OLD, tmp_path, "old"), load(new, tmp_path, "new"))
    outcome = execute(handler, {}, {}, timeout_seconds=30)
    assert outcome.status == "succeeded", (outcome.error_type, outcome.error_message)
    assert len(handler.invocations) >= 2  # it did wait, and replayed on the edited flow
    assert billing_actions.CALLS["charge_card"] == 2 + ("third" in new)  # nothing ran twice


@pytest.mark.parametrize("edit", BREAKING_EDITS, ids=list(BREAKING_EDITS))
def test_an_edit_the_language_reference_calls_breaking_fails_an_execution_in_flight(
    tmp_path: Path, edit: str
) -> None:
    old_text, new_text = BREAKING_EDITS[edit]
    new = OLD.replace(old_text, new_text, 1)
    handler = edited_while_waiting(load(OLD, tmp_path, "old"), load(new, tmp_path, "new"))
    outcome = execute(handler, {}, {}, timeout_seconds=30, functions={"ledger": lambda event, context: 1})
    assert outcome.error_type == NON_DETERMINISTIC, (outcome.status, outcome.error_message)
    assert billing_actions.CALLS["charge_card"] == 1  # the first step did not run again


# ---------------------------------------------------------------- the same, through the tools

@pytest.mark.parametrize(("line", "what"), [
    ("wait 400 days", "a wait"),
    ("wait for x = notify(who: \"x\")\n  timeout 400 days", "a callback timeout"),
    ("poll p = notify(who: \"x\") every 400 days until p", "a poll's delay"),
    ("step s = notify(who: \"x\")\n  retry 2 times every 400 days", "a retry delay"),
])
def test_a_written_duration_past_what_the_service_takes_is_refused_by_check(line: str, what: str) -> None:
    from dflow.language.reading import check_text

    diagnostics = check_text(f"flow f\ntimeout 366 days\nactions billing_actions\n\n{line}\n", "f.flow")[1]
    assert [d.message for d in diagnostics if d.code == "DF202"] == [
        f"{what} must be from 1 second to 366 days, not 400 days"
    ]


def test_a_scenario_names_a_groups_failure_by_its_own_type(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "corner.flow").write_text(DEEP)
    (tmp_path / "corner.scenarios.yaml").write_text(
        f"actions_path: {FLOWS}\nscenarios:\n  - name: blocked three groups deep\n    input: {{card: ok}}\n"
        "    expect:\n      error: Blocked\n      message: no way\n      compensated: [undo_charge, undo_hold]\n"
    )
    result = subprocess.run([sys.executable, "-m", "dflow", "test", str(tmp_path / "corner.scenarios.yaml")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed"
