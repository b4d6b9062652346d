"""Every example of the language contract's section 10 (version 2), run on the SDK's local runner.

The examples are copied from `LANGUAGE.md` as they are, under a header that
names the actions module and the inputs they read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from dflow.local.execute import Outcome, execute
from tests.test_runtime_corners import load

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import contract_actions  # noqa: E402

FAILURES_AS_DATA = """
step charge = charge_card(card: input.card, amount: input.amount_cents)
  retry 3 times every 1 day on CardDeclined
  on failure CardDeclined as problem
    step suspend_account(account: input.account)
    return { status: "suspended", reason: problem.message }
  on failure as problem
    fail ChargeFailed "the card could not be charged: {problem.message}"
"""
GROUP = """
group billing
  step charge = charge_card(card: input.card, amount: input.amount_cents)
  step receipt = send_receipt(charge: charge.id)
  on failure as problem
    step notify_customer(message: problem.message)
  finally
    invoke ledger = "billing-ledger" with { account: input.account }
return billing
"""
LOOP = """
set orders = []
set token = null
repeat until token == null
  max 100 times
  step page = list_orders(after: token)
  set orders = orders + page.items
  set token = page.next
return orders
"""
BATCH = """
parallel accounts
  tolerate 1 failure
  branch email
    step create_mailbox(user: input.user)
  branch chat
    step create_chat_user(user: input.user)
set missing = join(failed(accounts), ", ")
log "not created: {missing}"
return missing
"""
LEDGER: list[Any] = []


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    contract_actions.reset()
    LEDGER.clear()


def ledger(event: Any, context: Any) -> Any:
    LEDGER.append(event)
    return {"recorded": True}


def run(body: str, tmp_path: Path, event: dict[str, Any]) -> Outcome:
    text = "flow contract\nactions contract_actions\n" + body
    return execute(load(text, tmp_path), event, {}, timeout_seconds=30, functions={"billing-ledger": ledger})


CARD = {"card": "visa", "amount_cents": 500, "account": "acc"}


@pytest.mark.parametrize(("card", "status", "result", "error"), [
    ("visa", "succeeded", None, None),
    ("declined", "succeeded", {"status": "suspended", "reason": "insufficient funds"}, None),
    ("broken", "failed", None, "the card could not be charged: the bank is unreachable"),
])
def test_failures_as_data(card: str, status: str, result: Any, error: str | None, tmp_path: Path) -> None:
    outcome = run(FAILURES_AS_DATA, tmp_path, {**CARD, "card": card})
    assert (outcome.status, outcome.result, outcome.error_message) == (status, result, error)
    assert contract_actions.CALLS["charge_card"] == (4 if card == "declined" else 1)


@pytest.mark.parametrize(("card", "result", "notified"), [
    ("visa", {"receipt": "ch-visa"}, 0),
    ("declined", None, 1),
])
def test_a_group_with_on_failure_and_finally(card: str, result: Any, notified: int, tmp_path: Path) -> None:
    outcome = run(GROUP, tmp_path, {**CARD, "card": card})
    assert outcome.result == result, outcome.error_message
    assert contract_actions.CALLS["notify_customer"] == notified
    assert LEDGER == [{"account": "acc"}]


def test_a_loop_changing_a_value(tmp_path: Path) -> None:
    outcome = run(LOOP, tmp_path, {})
    assert outcome.result == [1, 2, 3], outcome.error_message


def test_what_failed_in_a_parallel(tmp_path: Path) -> None:
    outcome = run(BATCH, tmp_path, {"user": "ada"})
    assert outcome.result == "chat", outcome.error_message
