"""A Task → Choice → Wait → the same Task cycle, written as `poll`.

The shape: the Task's `Next` is the Choice, the Choice's `Default` is the
Wait, the Wait's `Next` is the Task, and every choice leaves the loop. The
Task must not read what it changes in the state (its parameters are the
same on every check) and nothing else in the cycle may change the state; otherwise
the cycle stays a `repeat`. ASL checks the choices after each call: `until`
is any of them, read on what the Task gives; the `if` after the poll picks
the one that held.
"""

from __future__ import annotations

from typing import Any

from dflow.importer import conditions, dataflow
from dflow.importer import exprs as e
from dflow.importer.blocks import Block, Place, duration, indented
from dflow.importer.graph import meeting_point
from dflow.importer.machine import Region
from dflow.importer.tasks import classify

SHAPE_FIELDS = ("InputPath", "OutputPath", "Output", "Assign", "Parameters", "Arguments", "Catch", "QueryLanguage")


def poll_parts(region: Region, head: str, body: set[str]) -> tuple[str, str, str] | None:
    """The Task, the Choice and the Wait of a poll-shaped loop, or None."""
    if len(body) != 3:
        return None
    by_type = {region.states[name]["Type"]: name for name in body}
    if set(by_type) != {"Task", "Choice", "Wait"} or head not in (by_type["Task"], by_type["Wait"]):
        return None
    task, choice, wait = by_type["Task"], by_type["Choice"], by_type["Wait"]
    task_state, choice_state, wait_state = (region.states[n] for n in (task, choice, wait))
    resource = classify(str(task_state.get("Resource", "")))
    if resource.callback or resource.kind == "start_sync" or task_state.get("Catch") or task_state.get("Assign"):
        return None
    if task_state.get("Next") != choice or choice_state.get("Default") != wait or wait_state.get("Next") != task:
        return None
    if any(field in state for state in (choice_state, wait_state) for field in SHAPE_FIELDS):
        return None
    if not isinstance(wait_state.get("Seconds"), int):
        return None
    if any(rule["Next"] in body for rule in choice_state["Choices"]):
        return None
    return task, choice, wait


SENTINEL = "__dflow_state__"


class PollWriter:
    """Mixed into `FlowWriter`: `poll` for the cycle `poll_parts` recognises."""

    def poll(self, head: str, place: Place, parts: tuple[str, str, str]) -> tuple[Block, str | None] | None:
        task, choice, wait = parts
        region = place.region
        task_state, choice_state, wait_state = (region.states[n] for n in parts)
        jsonata_mode = dataflow.uses_jsonata(task_state, region.jsonata)
        # The call is the same on every check when it reads nothing of what the check changes.
        probe = self.env(task, place)  # type: ignore[attr-defined]
        probe.input = dataflow.output(task_state, probe, SENTINEL, jsonata_mode)
        if SENTINEL in e.render(self.task_arguments(task_state, probe, jsonata_mode, "sdk")):  # type: ignore[attr-defined]
            return None  # the call reads what the poll changes: a repeat says that
        lines: list[str] = []
        every = duration(max(1, wait_state["Seconds"]))
        if head == wait:
            lines += self.wait_state(wait, wait_state, place)  # type: ignore[attr-defined]
        statement, options, operation = self.task_state(task, task_state, place)  # type: ignore[attr-defined]
        env = self.env(choice, place)  # type: ignore[attr-defined]
        env.input = place.state_var
        after = dataflow.output(task_state, env, self.task_result(task_state, operation), jsonata_mode)  # type: ignore[attr-defined]
        choice_mode = dataflow.uses_jsonata(choice_state, region.jsonata)
        env.input = after
        until = e.either([conditions.condition(rule, env, choice_mode) for rule in choice_state["Choices"]])
        env.input = place.state_var
        arms = [(conditions.condition(rule, env, choice_mode), rule["Next"]) for rule in choice_state["Choices"]]
        call = statement[-1].split(" ", 1)[1]
        call = call.split(" = ", 1)[1] if call.startswith(f"{operation} = ") else call
        lines += statement[:-1] + [f"poll {operation} = {call} every {every} until {until}", *indented(options)]
        lines += self.preamble(env) + self.update(place, after)  # type: ignore[attr-defined]
        meet = meeting_point(region, [target for _, target in arms], place.stops)
        inside = place.stopping_at({meet: ()}) if meet else place
        written = []
        for condition, target in arms:
            self.scopes.enter()  # type: ignore[attr-defined]
            written.append((condition, self.chain(target, inside)))  # type: ignore[attr-defined]
            self.scopes.leave()  # type: ignore[attr-defined]
        *first, (_, last) = written
        for index, (condition, block) in enumerate(first):
            lines += [f"{'else if' if index else 'if'} {condition}", *indented(block.lines)]
        if first and not (meet is None and all(block.ends for _, block in first)):
            lines += ["else", *indented(last.lines)]
        else:
            lines += last.lines
        return Block(lines, all(block.ends for _, block in written)), meet


