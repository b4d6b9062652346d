"""A drawn machine (tests/asl_fuzz.py) said again in JSONata: the same states, the same meaning.

Each JSONPath field the drawing uses has one JSONata counterpart: a
`ResultPath`, `ResultSelector` or `Parameters` becomes an `Output` that
merges into `$states.input`, a Choice rule a `Condition`, a catcher's
`ResultPath` an `Output` over `$states.errorOutput`, `$$.Map.Item` becomes
`$states.context.Map.Item`. So the reference interpreter runs the JSONPath
original, and `dflow import` is tested on the JSONata twin.
"""

from __future__ import annotations

import json
from typing import Any

OPERATORS = {"NumericGreaterThan": ">", "NumericEquals": "=", "NumericLessThanEquals": "<=",
             "NumericGreaterThanEquals": ">=", "BooleanEquals": "=", "StringEquals": "="}


def to_jsonata(machine: dict[str, Any]) -> dict[str, Any]:
    return {**_region(machine), "QueryLanguage": "JSONata", "Comment": machine.get("Comment", "")}


def _region(region: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": region["StartAt"], "States": {name: _state(s) for name, s in region["States"].items()}}


def _state(state: dict[str, Any]) -> dict[str, Any]:
    kind = state["Type"]
    link = {key: state[key] for key in ("Next", "End", "Default") if key in state}
    if kind in ("Succeed", "Fail"):
        return dict(state)
    if kind == "Choice":
        return {"Type": "Choice", **link,
                "Choices": [{"Condition": "{% " + _condition(rule) + " %}", "Next": rule["Next"]}
                            for rule in state["Choices"]]}
    written: dict[str, Any] = {"Type": kind, **link}
    if kind == "Pass":
        value = _literal(state["Result"]) if "Result" in state else \
            _template(state["Parameters"], "$states.input") if "Parameters" in state else \
            _path(state.get("InputPath", "$"), "$states.input")
        written |= _output(state.get("ResultPath", "$"), value, passes=state.get("ResultPath", "$") is None)
    elif kind == "Task":
        written |= {"Resource": state["Resource"],
                    "Arguments": {"FunctionName": state["Parameters"]["FunctionName"], "Payload": "{% $states.input %}"}}
        value = _template(state["ResultSelector"], "$states.result") if "ResultSelector" in state \
            else "$states.result"
        written |= _output(state.get("ResultPath", "$"), value, passes=state.get("ResultPath", "$") is None)
    elif kind == "Map":
        written |= {"Items": "{% $states.input.items %}", "MaxConcurrency": state["MaxConcurrency"],
                    "ItemProcessor": _region(state["ItemProcessor"])}
        if "ItemSelector" in state:
            written["ItemSelector"] = {key.removesuffix(".$"): "{% " + _path(value, "$states.input") + " %}"
                                       for key, value in state["ItemSelector"].items()}
        written |= _output(state["ResultPath"], "$states.result")
    else:
        written |= {"Branches": [_region(branch) for branch in state["Branches"]]}
        written |= _output(state["ResultPath"], "$states.result")
    if "Catch" in state:
        written["Catch"] = [{"ErrorEquals": c["ErrorEquals"], "Next": c["Next"],
                             "Output": "{% " + _merged(c["ResultPath"], "$states.errorOutput") + " %}"}
                            for c in state["Catch"]]
    return written


def _output(result_path: str | None, value: str, passes: bool = False) -> dict[str, Any]:
    if passes:
        return {"Output": "{% $states.input %}"}
    return {"Output": "{% " + _merged(result_path or "$", value) + " %}"}


def _merged(result_path: str, value: str) -> str:
    key = result_path.removeprefix("$.")
    return value if result_path == "$" else f"$merge([$states.input, {{{json.dumps(key)}: {value}}}])"


def _path(path: str, base: str) -> str:
    if path.startswith("$$."):
        return "$states.context." + path[3:]
    return base + path.removeprefix("$")


def _template(template: dict[str, Any], base: str) -> str:
    parts = []
    for key, value in template.items():
        if isinstance(value, dict):
            parts.append(f"{json.dumps(key)}: {_template(value, base)}")
        elif key.endswith(".$") and value.startswith("States.MathAdd("):
            path, number = value.removeprefix("States.MathAdd(").removesuffix(")").split(", ")
            parts.append(f"{json.dumps(key.removesuffix('.$'))}: {_path(path, base)} + {number}")
        elif key.endswith(".$"):
            parts.append(f"{json.dumps(key.removesuffix('.$'))}: {_path(value, base)}")
        else:
            parts.append(f"{json.dumps(key)}: {_literal(value)}")
    return "{" + ", ".join(parts) + "}"


def _literal(value: Any) -> str:
    return json.dumps(value)


def _condition(rule: dict[str, Any]) -> str:
    if "And" in rule:
        return "(" + " and ".join(_condition(inner) for inner in rule["And"]) + ")"
    if "Or" in rule:
        return "(" + " or ".join(_condition(inner) for inner in rule["Or"]) + ")"
    if "Not" in rule:
        return f"({_condition(rule['Not'])}) = false"
    read = _path(rule["Variable"], "$states.input")
    if "IsPresent" in rule:
        return f"$exists({read})" + ("" if rule["IsPresent"] else " = false")
    operator = next(key for key in OPERATORS if key in rule)
    return f"{read} {OPERATORS[operator]} {_literal(rule[operator])}"
