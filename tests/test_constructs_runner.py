"""invoke, poll, parallel and for each, compiled and run on the SDK's local runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import construct_actions as actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    actions.reset()


def run(compile_flow: Any, durable_runner: Any, flow: str, event: Any, **register: Any) -> Any:
    module = compile_flow(FLOWS / f"{flow}.flow")
    runner = durable_runner(module.handler)
    for name, target in register.items():
        runner.register_function(name, target)
    return runner.run(input=json.dumps(event), execution_timeout=30)


def doubler(event: Any, context: Any) -> Any:
    return {"doubled": event["n"] * 2}


# ---------------------------------------------------------------- invoke


def test_invoke_returns_the_target_result_and_on_failure_handles_a_missing_target(
    compile_flow: Any, durable_runner: Any
) -> None:
    result = run(compile_flow, durable_runner, "invoking", {"n": 4}, doubler=doubler)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"doubled": {"doubled": 8}, "maybe": None}
    assert result.get_invoke("maybe").status.value == "FAILED"


def test_invoke_of_a_missing_target_without_on_failure_fails_the_execution(
    compile_flow: Any, durable_runner: Any
) -> None:
    result = run(compile_flow, durable_runner, "invoking", {"n": 4})
    assert result.status.value == "FAILED"
    assert result.error.type.endswith("InvokeError")


def test_invoke_grants_lambda_invoke_on_each_function_in_the_sam_snippet() -> None:
    from dflow.compiler.pipeline import compile_file

    statements = compile_file(FLOWS / "invoking.flow").sam_resource["InvokingFunction"]["Properties"]["Policies"][1]
    resources = statements["Statement"][0]["Resource"]
    assert statements["Statement"][0]["Action"] == "lambda:InvokeFunction"
    assert {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:doubler"} in resources
    assert {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:doubler:*"} in resources


# ---------------------------------------------------------------- poll


def test_poll_repeats_until_the_condition_holds_and_holds_the_last_result(
    compile_flow: Any, durable_runner: Any
) -> None:
    result = run(compile_flow, durable_runner, "polling", {})
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"job": "render-42", "checks": 2, "done": True}
    assert [name for name, _ in actions.LOG] == ["job_status", "job_status"]


def test_poll_fails_with_condition_not_met_after_max_checks(compile_flow: Any, durable_runner: Any) -> None:
    actions.JOB_DONE_AFTER["checks"] = 10
    result = run(compile_flow, durable_runner, "polling", {})
    assert result.status.value == "FAILED"
    assert result.error.type == "polling_handler.ConditionNotMet"
    assert "after 3 checks" in result.error.message
    assert len(actions.LOG) == 3


# ---------------------------------------------------------------- parallel


def test_parallel_results_are_reachable_by_branch_name(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, "fan_out", {})
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "a": {"task": "a", "done": True},
        "b": "b",
        "c": {"task": "c", "done": True},
    }
    assert [op.name for op in result.get_context("work_items").child_operations] == ["a", "b", "c"]


def test_parallel_max_concurrency_one_runs_branches_one_at_a_time(
    compile_flow: Any, durable_runner: Any
) -> None:
    run(compile_flow, durable_runner, "fan_out", {})
    assert actions.most_at_once() == 1


def test_a_failed_branch_within_tolerance_holds_null(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["work:b"] = actions.Unavailable("b is down")
    result = run(compile_flow, durable_runner, "fan_out", {})
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result)["b"] is None


def test_failures_beyond_tolerance_fail_the_parallel(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["work:a"] = actions.Unavailable("a is down")
    actions.FAULTS["work:c"] = actions.Unavailable("c is down")
    result = run(compile_flow, durable_runner, "fan_out", {})
    assert result.status.value == "FAILED"
    assert "is down" in result.error.message


# ---------------------------------------------------------------- for each


def test_for_each_results_are_in_input_order(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, "foreach", {"numbers": [5, 1, 4, 2, 3]})
    assert json.loads(result.result) == [10, 2, 8, 4, 6]


def test_for_each_over_an_empty_list_gives_an_empty_list(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, "foreach", {"numbers": []})
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == []


def test_for_each_tolerates_one_failed_item_as_null(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["double:3"] = actions.Unavailable("three is unlucky")
    result = run(compile_flow, durable_runner, "foreach", {"numbers": [1, 3, 5]})
    assert json.loads(result.result) == [2, None, 10]


def test_for_each_fails_past_its_tolerance(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["double"] = actions.Unavailable("all down")
    result = run(compile_flow, durable_runner, "foreach", {"numbers": [1, 2, 3]})
    assert result.status.value == "FAILED"
    assert "all down" in result.error.message


# ---------------------------------------------------------------- nesting


def start_nested(compile_flow: Any, durable_runner: Any, event: dict[str, Any]) -> tuple[Any, str]:
    module = compile_flow(FLOWS / "nested.flow")
    runner = durable_runner(module.handler)
    runner.register_function("doubler", doubler)
    arn = runner.run_async(input=json.dumps(event), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="answer create callback id", timeout=10)
    runner.send_callback_success(callback_id, b'{"approved": true}')
    return runner, arn


def test_every_construct_runs_inside_branches_and_loop_bodies(compile_flow: Any, durable_runner: Any) -> None:
    runner, arn = start_nested(compile_flow, durable_runner, {"groups": [[1, 2], [3]]})
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "batches": [6, 6],
        "approval": {"approved": True},
        "checks": {"doubled": 42},
    }
    branches = result.get_context("everything").child_operations
    assert [branch.name for branch in branches] == ["batches", "approval", "checks"]
    assert sorted(n for name, n in actions.LOG if name == "double") == [1, 2, 3]


def test_compensation_undoes_steps_completed_inside_branches_newest_first(
    compile_flow: Any, durable_runner: Any
) -> None:
    runner, arn = start_nested(compile_flow, durable_runner, {"groups": [[1]], "fail_at_end": True})
    result = runner.wait_for_result(arn, timeout=30)

    assert result.status.value == "FAILED"
    assert result.error.type == "nested_handler.Rejected"
    assert result.error.message == "failed after everything ran"
    assert [value for name, value in actions.LOG if name == "undo"] == ["approved", "prepare"]
    assert [op.name for op in result.operations][-2:] == ["undo_approved", "undo_prepared"]


# ---------------------------------------------------------------- compensation across scopes


def test_a_failed_branch_within_tolerance_undoes_its_own_steps(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["double"] = actions.Unavailable("cannot finish")
    result = run(compile_flow, durable_runner, "branch_undo", {})
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"a": None, "b": {"task": "b", "done": True}}
    assert [value for name, value in actions.LOG if name == "undo"] == ["a"]


def test_undo_calls_recorded_in_branches_survive_a_replay(compile_flow: Any, durable_runner: Any) -> None:
    actions.FAULTS["double"] = actions.Unavailable("cannot finish")
    result = run(compile_flow, durable_runner, "branch_undo", {"stop": True})
    assert result.status.value == "FAILED"
    assert result.error.type == "branch_undo_handler.Stopped"
    # Branch a undid itself when it failed; branch b is undone by the flow, after the replay.
    assert [value for name, value in actions.LOG if name == "undo"] == ["a", "b"]
    assert [op.name for op in result.operations][-1] == "undo_other"


# ---------------------------------------------------------------- waits and input types

GOOD_INPUT = {
    "when": "2999-01-01T00:00:00+00:00", "ratio": 0.5, "urgent": True, "tags": ["a", "b"],
    "nested": [[1, 2], [3]], "meta": {"first": 1}, "channel": "kiosk",
}


def test_waits_of_every_kind_pass_in_virtual_time_and_keep_their_names(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, "waits_and_inputs", GOOD_INPUT)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "count": 2, "ratio": 0.5, "urgent": True, "tags": 2, "channel": "kiosk", "note": "none", "first": 1,
    }
    names = [op.name for op in result.operations]
    # An unnamed wait is `wait`, whatever its length: changing the length renames nothing.
    assert names == ["wait", "pause", "wait until clock", "wait until", "deadline clock", "deadline"]
    # A moment already past waits the shortest time, one second.
    assert json.loads(result.get_step("deadline clock").result) == 1


def test_every_input_type_is_checked_and_every_bad_field_named(compile_flow: Any, durable_runner: Any) -> None:
    bad = {"when": 5, "count": 1.5, "ratio": "x", "urgent": "yes", "tags": ["a", 1], "nested": [[1, "2"]],
           "meta": [], "channel": "store"}
    result = run(compile_flow, durable_runner, "waits_and_inputs", bad)
    assert result.error.type == "waits_and_inputs_handler.InvalidInput"
    assert result.error.message == (
        "when must be a string; count must be a whole number; ratio must be a number; "
        "urgent must be true or false; tags must be a list of strings; "
        "nested must be a list of a list of whole numbers; meta must be an object; "
        'channel must be one of "web", "kiosk"'
    )


def test_a_timestamp_without_a_time_zone_fails_the_clock_step(compile_flow: Any, durable_runner: Any) -> None:
    result = run(compile_flow, durable_runner, "waits_and_inputs", {**GOOD_INPUT, "when": "2999-01-01T00:00:00"})
    assert result.status.value == "FAILED"
    assert "has no time zone" in result.error.message
