"""Version 2, 10.4: `repeat until|while … max N times`, `set` giving a new value, `poll` reading itself.

Each flow runs on the SDK's local runner with `tests/flows/paging_actions.py`.
A `wait` inside a loop suspends the execution on every pass, so the handler is
replayed from the top: the values after the loop prove the replays agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.on_runner import run

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import paging_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    paging_actions.reset()


IMPORT = """flow importer
actions paging_actions

set orders = []
set token = null
repeat until token == null
  max 10 times
  step page = list_orders(after: token)
  set orders = orders + page.items
  set token = page.next
  wait 1 second
return { orders: orders, pages: len(orders), last: page.next }
"""


def test_repeat_until_reads_every_page_once_across_replays(tmp_path: Path) -> None:
    outcome = run(IMPORT, tmp_path)
    assert outcome.status == "succeeded", outcome.error_message
    assert outcome.result == {"orders": [1, 2, 3, 4, 5], "pages": 5, "last": None}
    # Three passes, each suspended by its wait and replayed: every page was fetched once.
    assert paging_actions.SEEN == [None, "p2", "p3"]
    assert outcome.attempts("page") == 3


def test_a_repeat_still_running_after_its_passes_fails_with_condition_not_met(tmp_path: Path) -> None:
    outcome = run(IMPORT.replace("max 10 times", "max 2 times"), tmp_path)
    assert (outcome.status, outcome.error_type) == ("failed", "importer_handler.ConditionNotMet")
    assert outcome.error_message == "repeat until token == null: still running after 2 passes"
    assert paging_actions.SEEN == [None, "p2"]


def test_on_failure_handles_a_repeat_that_ran_out_of_passes(tmp_path: Path) -> None:
    outcome = run("""flow patient
actions paging_actions
set token = null
repeat until token == null
  max 1 time
  step page = list_orders(after: token)
  set token = page.next
  on failure ConditionNotMet as problem
    return { gave_up: problem.type, token: token }
return "all read"
""", tmp_path)
    assert outcome.result == {"gave_up": "ConditionNotMet", "token": "p2"}, outcome.error_message


def test_on_failure_handles_a_step_that_failed_inside_the_loop(tmp_path: Path) -> None:
    outcome = run("""flow fragile
actions paging_actions
set token = "down"
repeat until token == null
  max 3 times
  step page = list_orders(after: token)
  set token = page.next
  on failure Unavailable as problem
    return { stopped: problem.message }
return "all read"
""", tmp_path)
    assert outcome.result == {"stopped": "the order service is down"}, outcome.error_message


def test_repeat_while_checks_before_the_first_pass(tmp_path: Path) -> None:
    outcome = run("""flow counter
actions paging_actions
set n = 5
repeat while n < 3
  max 10 times
  step list_orders(after: null)
  set n = n + 1
return n
""", tmp_path)
    assert outcome.result == 5
    assert paging_actions.CALLS["list_orders"] == 0


def test_repeat_while_runs_until_the_condition_fails_and_set_changes_the_value(tmp_path: Path) -> None:
    outcome = run("""flow counter
actions paging_actions
set n = 0
set seen = []
repeat while n < 3
  max 3 times
  wait 1 second
  set n = n + 1
  set seen = seen + [n]
return { n: n, seen: seen }
""", tmp_path)
    # Three passes exactly: `max 3 times` is not exceeded when the condition then fails.
    assert outcome.result == {"n": 3, "seen": [1, 2, 3]}, outcome.error_message


def test_set_may_give_a_new_value_inside_an_if(tmp_path: Path) -> None:
    outcome = run("""flow choose
input
  vip: boolean
set price = 100
if input.vip
  set price = price - 20
return price
""", tmp_path, {"vip": True})
    assert outcome.result == 80


def test_a_poll_reads_its_previous_result_null_before_the_first_check(tmp_path: Path) -> None:
    outcome = run("""flow counting
actions paging_actions
poll count = count_up(previous: count) every 1 second until count.n >= 3
  max 5 times
return count
""", tmp_path)
    assert outcome.result == {"n": 3}, outcome.error_message
    assert paging_actions.SEEN == [None, {"n": 1}, {"n": 2}]
