"""Version 2, 10.6: `timestamp` inputs, `execution.id` and `execution.started_at`, built-in steps.

Each flow runs on the SDK's local runner. A `wait` suspends the execution, so
the handler is replayed from the top; values recorded by an action before the
wait must equal the ones the flow returns at its end.
"""

from __future__ import annotations

import re
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from dflow.compiler.pipeline import compile_text
from dflow.language.diagnostics import FlowError
from tests.on_runner import run

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import clock_actions  # noqa: E402

MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z")


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    clock_actions.reset()


REPLAYED = """flow replayed
actions clock_actions

step first = now()
step ref = new_id()
step dice = random(1, 6)
step record(value: [execution.started_at, first, ref, dice, execution.id])
wait 1 second
step second = now()
return { before: [execution.started_at, first, ref, dice, execution.id], second: second }
"""


def test_built_ins_and_the_execution_give_the_same_values_after_a_replay(tmp_path: Path) -> None:
    outcome = run(REPLAYED, tmp_path)
    assert outcome.status == "succeeded", outcome.error_message
    [recorded] = clock_actions.RECORDED  # the step ran once, in the first invocation
    assert outcome.result["before"] == recorded
    started, first, ref, dice, arn = recorded
    assert MOMENT.match(started) and MOMENT.match(first) and MOMENT.match(outcome.result["second"])
    assert started <= first
    assert outcome.result["second"] >= first  # the local runner skips the wait's time
    assert str(uuid.UUID(ref)) == ref
    assert dice in range(1, 7)
    assert isinstance(arn, str) and arn  # the local runner's ARN is an id of its own, not an AWS ARN


def test_random_stays_in_its_range(tmp_path: Path) -> None:
    outcome = run("flow dice\n" + "".join(f"step d{n} = random(1, 2)\n" for n in range(20))
                  + "return [" + ", ".join(f"d{n}" for n in range(20)) + "]\n", tmp_path)
    assert set(outcome.result) <= {1, 2}


TIMESTAMPS = """flow deliveries
input
  deliver_at: timestamp
return { at: input.deliver_at, earlier: shift(input.deliver_at, -1 day) }
"""


def test_a_timestamp_input_with_a_time_zone_is_accepted(tmp_path: Path) -> None:
    outcome = run(TIMESTAMPS, tmp_path, {"deliver_at": "2026-12-24T09:00:00+01:00"})
    assert outcome.result == {"at": "2026-12-24T09:00:00+01:00", "earlier": "2026-12-23T08:00:00Z"}


@pytest.mark.parametrize("value", ["2026-12-24", "2026-12-24T09:00:00", "tomorrow", 20261224])
def test_a_timestamp_input_without_a_time_zone_is_invalid_input(value: Any, tmp_path: Path) -> None:
    outcome = run(TIMESTAMPS, tmp_path, {"deliver_at": value})
    assert (outcome.status, outcome.error_type) == ("failed", "deliveries_handler.InvalidInput")
    assert "deliver_at must be an ISO-8601 date and time with a time zone" in (outcome.error_message or "")


def test_a_flow_may_still_name_something_execution(tmp_path: Path) -> None:
    outcome = run("flow own\nset execution = { id: 7 }\nreturn execution.id\n", tmp_path)
    assert outcome.result == 7


@pytest.mark.parametrize(("flow", "code"), [
    ("flow f\nreturn execution.arn\n", "DF268"),
    ("flow f\nactions a\nwait for x = now()\n", "DF273"),
    ("flow f\nstep x = random(1)\n", "DF274"),
    ("flow f\nstep x = now(1)\n", "DF274"),
    ("flow f\nactions a\nstep x = charge(5)\n", "DF013"),
])
def test_misused_built_ins_are_located_errors(flow: str, code: str) -> None:
    with pytest.raises(FlowError) as error:
        compile_text(flow, "f.flow")
    assert [d.code for d in error.value.diagnostics if d.severity == "error"] == [code]


COMPUTED = """flow pause
input
  delay: any
wait input.delay minutes
wait again (input.delay * 2) s
return "waited"
"""


@pytest.mark.parametrize("delay", [0, 1, 3, 2.0])
def test_a_wait_computed_at_run_time_waits_that_many_units(delay: Any, tmp_path: Path) -> None:
    outcome = run(COMPUTED, tmp_path, {"delay": delay})
    assert outcome.result == "waited", outcome.error_message
    assert [name for name in outcome.operations] == ["wait", "again"]


@pytest.mark.parametrize("delay", [-1, 2.5, "5", True, [1]])
def test_a_wait_of_anything_but_a_whole_number_of_at_least_0_is_invalid_duration(delay: Any, tmp_path: Path) -> None:
    outcome = run(COMPUTED, tmp_path, {"delay": delay})
    assert (outcome.status, outcome.error_type) == ("failed", "pause_handler.InvalidDuration")
    assert (outcome.error_message or "").startswith("wait input.delay minutes: ")


@pytest.mark.parametrize("amount", ['("soon")', "([1])", "({ a: 1 })"])
def test_a_wait_computed_from_what_is_never_a_number_is_an_error(amount: str) -> None:
    with pytest.raises(FlowError) as error:
        compile_text(f"flow f\nwait {amount} minutes\n", "f.flow")
    assert [d.code for d in error.value.diagnostics if d.severity == "error"] == ["DF294"]
