"""The subscription renewal on the SDK's local runner: a wait until the renewal date, retries a
day apart only for a declined card, a group whose `finally` tells the ledger in all cases."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from subscriptions import actions  # noqa: E402

FLOW = EXAMPLE / "subscription_renewal.flow"
RENEWAL = {
    "subscription_id": "sub-7",
    "account": "acc-7",
    "card": "visa-1",
    "amount_cents": 1299,
    "renews_at": "2026-01-01T00:00:00Z",
}


@pytest.fixture(autouse=True)
def bank() -> dict[str, list[str]]:
    actions.reset()
    return actions.BANK


def renew(compile_flow: Any, durable_runner: Any) -> Any:
    runner = durable_runner(compile_flow(FLOW).handler)
    runner.register_function("billing-ledger", actions.billing_ledger)
    return runner.run(input=json.dumps(RENEWAL), execution_timeout=30)


def calls(name: str) -> list[dict[str, Any]]:
    return [arguments for called, arguments in actions.CALLS if called == name]


def test_a_card_that_pays_renews_the_subscription_and_the_ledger_says_so(compile_flow: Any, durable_runner: Any) -> None:
    result = renew(compile_flow, durable_runner)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"subscription": "sub-7", "outcome": "renewed"}
    assert calls("send_receipt") == [{"account": "acc-7", "charge": "ch-sub-7-1"}]
    assert actions.LEDGER == [{"subscription": "sub-7", "outcome": "renewed"}]


def test_a_declined_card_is_tried_again_a_day_apart_then_renews(
    compile_flow: Any, durable_runner: Any, bank: dict[str, list[str]]
) -> None:
    bank["visa-1"] = ["declined", "declined", "ok"]
    result = renew(compile_flow, durable_runner)
    assert json.loads(result.result)["outcome"] == "renewed", result.error
    assert len(calls("charge_card")) == 3
    assert actions.LEDGER == [{"subscription": "sub-7", "outcome": "renewed"}]


def test_a_card_declined_four_times_suspends_and_notifies(
    compile_flow: Any, durable_runner: Any, bank: dict[str, list[str]]
) -> None:
    bank["visa-1"] = ["declined"]
    result = renew(compile_flow, durable_runner)
    assert json.loads(result.result) == {"subscription": "sub-7", "outcome": "suspended"}, result.error
    assert len(calls("charge_card")) == 4  # the first attempt and three retries
    assert calls("suspend_account") == [{"account": "acc-7", "reason": "CardDeclined"}]
    [notice] = calls("notify_customer")
    assert notice["message"] == "We could not renew your subscription: the bank declined 1299 cents on attempt 4"
    assert actions.LEDGER == [{"subscription": "sub-7", "outcome": "suspended"}]


def test_an_expired_card_is_not_tried_again(
    compile_flow: Any, durable_runner: Any, bank: dict[str, list[str]]
) -> None:
    bank["visa-1"] = ["expired"]
    result = renew(compile_flow, durable_runner)
    assert json.loads(result.result)["outcome"] == "suspended", result.error
    assert len(calls("charge_card")) == 1
    assert calls("suspend_account") == [{"account": "acc-7", "reason": "CardExpired"}]


def test_a_bank_that_does_not_answer_fails_the_renewal_but_the_ledger_still_hears(
    compile_flow: Any, durable_runner: Any, bank: dict[str, list[str]]
) -> None:
    bank["visa-1"] = ["down"]
    result = renew(compile_flow, durable_runner)
    assert result.status.value == "FAILED"
    assert result.error.message == "the bank is not answering"
    assert calls("suspend_account") == []
    assert actions.LEDGER == [{"subscription": "sub-7", "outcome": "failed"}]
