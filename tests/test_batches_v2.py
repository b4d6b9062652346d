"""Version 2, 10.5: `complete after N successes`, `tolerate N% failures`, positions, `failed()`,
`succeeded()` and `errors()`.

Each flow runs on the SDK's local runner with `tests/flows/billing_actions.py`
(cards named "declined" fail with CardDeclined). `max concurrency 1` makes the
order of the items the order they finish in, where a test depends on it.
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


def test_complete_after_ends_a_parallel_at_its_first_success(tmp_path: Path) -> None:
    outcome = run("""flow first
actions billing_actions
parallel quotes
  max concurrency 1
  complete after 1 success
  branch fast
    step a = charge_card(card: "fast", amount: 1)
  branch slow
    step b = charge_card(card: "slow", amount: 2)
return quotes
""", tmp_path)
    assert outcome.result == {"fast": {"id": "ch-fast", "amount": 1}, "slow": None}, outcome.error_message
    assert billing_actions.CALLS["charge_card"] == 1


def test_complete_after_keeps_every_position_of_a_for_each(tmp_path: Path) -> None:
    outcome = run("""flow enough
actions billing_actions
input
  cards: list of string
for each card in input.cards as charged
  max concurrency 1
  complete after 2 successes
  step charge_card(card: card, amount: 1)
return charged
""", tmp_path, {"cards": ["a", "b", "c", "d"]})
    assert outcome.result == [{"id": "ch-a", "amount": 1}, {"id": "ch-b", "amount": 1}, None, None], outcome.error_message


@pytest.mark.parametrize(("cards", "status"), [
    (["ok", "declined"], "succeeded"),  # 50% failed: not more than 50%
    (["ok", "declined", "declined"], "failed"),  # 67%
    (["ok", "ok", "ok", "declined"], "succeeded"),
])
def test_tolerate_a_share_of_failures(cards: list[str], status: str, tmp_path: Path) -> None:
    outcome = run("""flow share
actions billing_actions
input
  cards: list of string
for each card in input.cards as charged
  tolerate 50% failures
  step charge_card(card: card, amount: 1)
return charged
""", tmp_path, {"cards": cards})
    assert outcome.status == status, outcome.error_message


def test_a_for_each_reads_each_items_position(tmp_path: Path) -> None:
    outcome = run("""flow places
input
  names: list of string
for each name, place in input.names as labels
  set label = "{place}: {name}"
return labels
""", tmp_path, {"names": ["ada", "bob"]})
    assert outcome.result == ["0: ada", "1: bob"], outcome.error_message


def test_failed_succeeded_and_errors_report_each_branch(tmp_path: Path) -> None:
    outcome = run("""flow accounts
actions billing_actions
parallel accounts
  tolerate 1 failure
  branch email
    step charge_card(card: "ok", amount: 1)
  branch chat
    step charge_card(card: "declined", amount: 2)
set missing = join(failed(accounts), ", ")
log "not created: {missing}"
return { failed: failed(accounts), succeeded: succeeded(accounts), errors: errors(accounts), missing: missing }
""", tmp_path)
    assert outcome.result == {
        "failed": ["chat"],
        "succeeded": ["email"],
        "errors": {"chat": {"type": "CardDeclined", "message": "card declined for 2"}},
        "missing": "chat",
    }, outcome.error_message


def test_failed_and_errors_of_a_for_each_give_positions(tmp_path: Path) -> None:
    outcome = run("""flow cards
actions billing_actions
input
  cards: list of string
for each card in input.cards as charged
  tolerate 2 failures
  step charge_card(card: card, amount: 3)
return { failed: failed(charged), succeeded: succeeded(charged), errors: keys(errors(charged)), text: join(failed(charged), "+") }
""", tmp_path, {"cards": ["declined", "ok", "declined"]})
    assert outcome.result == {"failed": [0, 2], "succeeded": [1], "errors": ["0", "2"], "text": "0+2"}, outcome.error_message


@pytest.mark.parametrize(("flow", "code"), [
    ("flow f\nset x = 1\nreturn failed(x)\n", "DF275"),
    ("flow f\nreturn errors(input)\n", "DF275"),
    ("flow f\nparallel p\n  tolerate 1 failure\n  tolerate 10% failures\n  branch a\n    set x = 1\n", "DF289"),
    ("flow f\nparallel p\n  tolerate 150% failures\n  branch a\n    set x = 1\n", "DF289"),
    ("flow f\nparallel p\n  complete after 2 successes\n  branch a\n    set x = 1\n", "DF293"),
])
def test_misused_batch_options_and_functions_are_located_errors(flow: str, code: str) -> None:
    with pytest.raises(FlowError) as error:
        compile_text(flow, "f.flow")
    assert [d.code for d in error.value.diagnostics if d.severity == "error"] == [code]
