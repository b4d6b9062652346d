"""Figure 9: `dflow import` on machines of 100, 400 and 1,600 states, and how it grows.

Each machine is a line of Tasks, every one caught by a shared handler and followed
by a Choice that can fail the execution: the shape of a long real machine. The
baseline is what the import's output costs the language and black by themselves
(checking and formatting the flow it writes, black on its actions module), so
the ratio is what the importer adds; the growth from one size to the next must
stay linear.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dflow.compiler.format import format_python
from dflow.importer import import_machine
from dflow.language.reading import check_text, format_text

Row = Callable[[str, float, float, str, str, bool, str], None]
Median = Callable[[Callable[[], object], int], float]  # run.py's median_seconds


def long_machine(states: int) -> str:
    """About `states` states: Task, Choice, Task, Choice… with one handler and one Fail beside them."""
    tasks = max(1, states // 2)
    machine: dict[str, Any] = {
        "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Done",
                   "Parameters": {"TopicArn": "arn:aws:sns:eu-west-1:1:failures", "Message.$": "$.error"}},
        "Rejected": {"Type": "Fail", "Error": "Rejected"},
        "Done": {"Type": "Succeed"},
    }
    for index in range(tasks):
        after = f"Check {index}" if index < tasks - 1 else "Done"
        machine[f"Step {index}"] = {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": after,
            "Parameters": {"FunctionName": f"step-{index}", "Payload.$": "$"}, "ResultPath": f"$.step{index}",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Notify"}]}
        if index < tasks - 1:
            machine[f"Check {index}"] = {"Type": "Choice", "Default": f"Step {index + 1}", "Choices": [
                {"Variable": f"$.step{index}.Payload.ok", "BooleanEquals": False, "Next": "Rejected"}]}
    return json.dumps({"StartAt": "Step 0", "States": machine})


def import_scaling(sizes: list[int], repeats: int, row: Row, median: Median) -> None:
    seconds: dict[int, float] = {}
    for size in sizes:
        text = long_machine(size)
        files = import_machine(text, "long.asl.json", "long").files
        flow, actions = files["long.flow"], files["long_actions.py"]

        def floor() -> None:
            check_text(flow, "long.flow")
            format_text(flow, "long.flow")
            format_python(actions)

        seconds[size] = median(lambda: import_machine(text, "long.asl.json", "long"), repeats)
        baseline = median(floor, repeats)
        print(f"  9 {size} states: import {seconds[size]:.2f} s; checking, formatting and black on its "
              f"output alone {baseline:.2f} s", flush=True)
        row(f"9 dflow import, {size} states", seconds[size], baseline, "s", "<= 3x", seconds[size] <= 3 * baseline,
            "(check, fmt and black on the output)")
    for small, large in zip(sizes, sizes[1:]):
        factor = large / small
        row(f"9 dflow import, {large} vs {small} states", seconds[large], seconds[small], "s",
            f"<= {1.2 * factor:.1f}x for {factor:.0f}x", seconds[large] <= 1.2 * factor * seconds[small])
