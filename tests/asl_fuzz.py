"""Random Step Functions machines, run twice: by a small ASL interpreter, and imported, on the SDK's runner.

`dflow import` promises a flow that does what the machine does. This draws
machines from the shapes the importer writes as blocks (Choices whose arms
meet again, end or have nothing to do; catchers that fail, end, rejoin at
`Next` or go straight on; Maps and Parallels, caught or not), runs each on
inputs of its own with this module's reference interpreter of ASL (the
JSONPath subset drawn here, per the States Language specification), then
imports it and runs the flow on the local runner with the same actions, and
compares the two outcomes.

An action is a pure function of its payload, so the two runs agree on what it
answers whatever order a batch calls it in: it fails (with the error its
draw gave it) when the payload's `n` is one of its failing numbers, and
otherwise returns `{by, n}`.

The test run tries a handful of seeds (tests/test_import_differential.py);
the dedicated job tries many more:

    python tests/asl_fuzz.py --machines 300
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ERRORS = ("Busy", "Declined")
REFUSED: list[str] = []  # the seeds whose machine the importer refused, and why
LAMBDA = "arn:aws:states:::lambda:invoke"


# ---------------------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    """A Task's action: fails with `error` when the payload's `n` is in `failing`, else returns `{by, n}`."""

    name: str
    error: str
    failing: frozenset[int]

    def answer(self, payload: Any) -> Any:
        n = payload.get("n") if isinstance(payload, dict) else None
        if n in self.failing:
            raise Failed(self.error, f"{self.name} failed on {n}")
        return {"by": self.name, "n": n}


class Ambiguous(Exception):
    """An input on which the machine's outcome depends on timing: it is not compared."""


class Failed(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error, self.cause = error, cause


# ---------------------------------------------------------------------------------------- machines


@dataclass
class Drawn:
    """A machine, the actions its Tasks call (by the flow's name for them), and inputs to run it on."""

    machine: dict[str, Any]
    actions: dict[str, Action] = field(default_factory=dict)
    inputs: list[dict[str, Any]] = field(default_factory=list)


class _Drawer:
    def __init__(self, chance: random.Random, second: random.Random) -> None:
        self.chance, self.second = chance, second
        self.count = 0
        self.actions: dict[str, Action] = {}

    def name(self, kind: str) -> str:
        self.count += 1
        return f"{kind}{self.count}"

    def block(self, states: dict[str, Any], after: str | None, depth: int, inner: bool, size: int) -> str:
        """States for a run of statements ending at `after` (None: the region's end); returns the first."""
        kinds = ["pass", "task", "task", "choice"]
        if depth < 2:  # a Map reads the machine's `items`: not inside an item or a branch
            kinds += ["parallel", "loop"] + ([] if inner else ["map"])
        following = after
        for _ in range(size):
            following = self.statement(self.chance.choice(kinds), states, following, depth, inner)
        return following if following is not None else self.end(states)

    def end(self, states: dict[str, Any]) -> str:
        name = self.name("Done")
        states[name] = {"Type": "Succeed"}
        return name

    def link(self, after: str | None) -> dict[str, Any]:
        return {"Next": after} if after is not None else {"End": True}

    def statement(self, kind: str, states: dict[str, Any], after: str | None, depth: int, inner: bool) -> str:
        chance = self.chance
        name = self.name(kind.capitalize())
        if kind == "pass":
            shape = chance.choice(["result", "parameters", "input", "nothing"])
            body: dict[str, Any] = {"Type": "Pass", **self.link(after)}
            if shape == "result":
                body |= {"Result": {"note": name}, "ResultPath": f"$.{name.lower()}"}
            elif shape == "parameters":
                body |= {"Parameters": {"copy.$": "$.n", "fixed": 1, "nested": {"word.$": "$.word"}},
                         "ResultPath": f"$.{name.lower()}"}
            elif shape == "input":
                body |= {"InputPath": "$.flags", "ResultPath": f"$.{name.lower()}"}
            states[name] = body
        elif kind == "task":
            action = Action(name.lower(), chance.choice(ERRORS), frozenset(chance.sample(range(6), chance.randint(0, 3))))
            self.actions[action.name] = action
            result_path = chance.choice([f"$.{name.lower()}", None, f"$.{name.lower()}"])
            states[name] = {"Type": "Task", "Resource": LAMBDA, "ResultPath": result_path, **self.link(after),
                            "Parameters": {"FunctionName": action.name, "Payload.$": "$"}}
            if chance.random() < 0.3:
                states[name]["ResultSelector"] = {"who.$": "$.by", "also": "selected"}
            self.catch(states, name, after, inner)
        elif kind == "choice":
            arms = []
            for index in range(chance.randint(1, 3)):
                arms.append({**self.rule(0), "Next": self.arm(states, after, depth, inner)})
            body = {"Type": "Choice", "Choices": arms}
            if chance.random() < 0.85:
                body["Default"] = self.arm(states, after, depth, inner)
            states[name] = body
        elif kind == "map":
            item_states: dict[str, Any] = {}
            start = self.block(item_states, None, depth + 1, True, chance.randint(1, 3))
            states[name] = {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, **self.link(after),
                            "ItemProcessor": {"StartAt": start, "States": item_states},
                            "ResultPath": f"$.{name.lower()}"}
            if chance.random() < 0.5:
                states[name]["ItemSelector"] = {"n.$": "$$.Map.Item.Value.n", "flags.$": "$$.Map.Item.Value.flags",
                                                "word.$": "$.word", "index.$": "$$.Map.Item.Index"}
            self.catch(states, name, after, inner)
        elif kind == "loop":
            # A counter: `Count` sets it, `Check` leaves after `times` passes, `Add` counts one and goes back.
            counter, times = f"$.{name.lower()}", chance.randint(0, 2)
            check, add = self.name("Check"), self.name("Add")
            states[add] = {"Type": "Pass", "Parameters": {"i.$": f"States.MathAdd({counter}.i, 1)"},
                           "ResultPath": counter, "Next": check}
            body_start = self.block(states, add, depth + 1, inner, chance.randint(1, 2))
            states[check] = {"Type": "Choice", "Default": body_start, "Choices": [
                {"Variable": f"{counter}.i", "NumericGreaterThanEquals": times,
                 "Next": after if after is not None else self.end(states)}]}
            states[name] = {"Type": "Pass", "Result": {"i": 0}, "ResultPath": counter, "Next": check}
        else:
            branches = []
            for _ in range(2):
                branch_states: dict[str, Any] = {}
                start = self.block(branch_states, None, depth + 1, True, chance.randint(1, 2))
                branches.append({"StartAt": start, "States": branch_states})
            states[name] = {"Type": "Parallel", "Branches": branches, "ResultPath": f"$.{name.lower()}",
                            **self.link(after)}
            self.catch(states, name, after, inner)
        return name

    def rule(self, depth: int) -> dict[str, Any]:
        """A Choice rule over the input drawn by `draw_machine`: a comparison, or And, Or, Not of rules."""
        chance = self.chance
        shape = chance.choice(["leaf", "leaf", "leaf", "and", "or", "not"] if depth < 2 else ["leaf"])
        if shape in ("and", "or"):
            return {shape.capitalize(): [self.rule(depth + 1) for _ in range(2)]}
        if shape == "not":
            return {"Not": self.rule(depth + 1)}
        variable, test = chance.choice([("$.flags.a", {"BooleanEquals": True}),
                                        ("$.flags.b", {"BooleanEquals": False}),
                                        ("$.n", {"NumericGreaterThan": chance.randint(0, 4)}),
                                        ("$.n", {"NumericEquals": chance.randint(0, 4)}),
                                        ("$.n", {"NumericLessThanEquals": chance.randint(0, 4)}),
                                        ("$.word", {"StringEquals": "yes"}),
                                        ("$.maybe", {"IsPresent": chance.random() < 0.5})])
        return {"Variable": variable, **test}

    def arm(self, states: dict[str, Any], after: str | None, depth: int, inner: bool) -> str:
        """Where a Choice arm goes: straight on, through states of its own, or to a Fail."""
        shape = self.chance.choice(["straight", "states", "states", "fail"])
        if shape == "straight":
            return after if after is not None else self.end(states)
        if shape == "fail":
            failed = self.name("Stop")
            states[failed] = {"Type": "Fail", "Error": f"Flow.{failed}", "Cause": f"stopped at {failed}"}
            return failed
        return self.block(states, after, depth + 1, inner, self.chance.randint(1, 2))

    def catch(self, states: dict[str, Any], name: str, after: str | None, inner: bool, second: bool = False) -> None:
        """Catchers for a state: none, one, or one for a named error then one for any (ASL takes the first)."""
        # The second catcher draws from a stream of its own, so that adding it kept each seed's machine.
        chance = self.second if second else self.chance
        shape = chance.choice(["fail", "rejoin", "end", "straight"] if second else
                              ["none", "none", "fail", "rejoin", "end", "straight"])
        if shape == "none":
            return
        errors = ["States.ALL"] if second else chance.choice([["Busy"], ["States.ALL"], ["Declined", "Busy"], ["Declined"]])
        if shape == "straight":
            target = after if after is not None else self.end(states)
        else:
            handler = self.name("Handle")
            if shape == "fail":
                failed = self.name("Stop")
                states[failed] = {"Type": "Fail", "Error": "Caught", "Cause": f"caught at {name}"}
                then: dict[str, Any] = {"Next": failed}
            elif shape == "rejoin":
                then = self.link(after)
            else:
                then = {"End": True}
            states[handler] = {"Type": "Pass", "Result": "handled", "ResultPath": f"$.{handler.lower()}", **then}
            target = handler
        catchers = states[name].setdefault("Catch", [])
        catchers.append({"ErrorEquals": errors, "ResultPath": f"$.caught_{name.lower()}", "Next": target})
        if not second and errors == ["Declined"] and self.second.random() < 0.6:
            self.catch(states, name, after, inner, second=True)


def draw_machine(seed: int) -> Drawn:
    chance = random.Random(seed)
    drawer = _Drawer(chance, random.Random(f"second catcher {seed}"))
    states: dict[str, Any] = {}
    start = drawer.block(states, None, 0, False, chance.randint(2, 5))
    inputs = []
    for _ in range(3):
        flags = {"a": chance.random() < 0.5, "b": chance.random() < 0.5}
        items = [{"n": chance.randint(0, 5), "flags": {"a": chance.random() < 0.5, "b": chance.random() < 0.5},
                  "word": chance.choice(["yes", "no"])} for _ in range(chance.randint(0, 3))]
        given = {"n": chance.randint(0, 5), "flags": flags, "items": items, "word": chance.choice(["yes", "no"])}
        if chance.random() < 0.5:
            given["maybe"] = 1
        inputs.append(given)
    return Drawn({"Comment": f"drawn from seed {seed}", "StartAt": start, "States": states}, drawer.actions, inputs)


# ---------------------------------------------------------------------------------------- the reference


def read_path(data: Any, path: str, context: dict[str, Any] | None = None) -> Any:
    """`$.a.b` in the state, `$$.Map.Item.Value` in the context object."""
    value = data
    if path.startswith("$$."):
        value, path = context or {}, path[1:]
    for key in path.removeprefix("$").split(".")[1:]:
        if not isinstance(value, dict) or key not in value:
            raise Failed("States.Runtime", f"{path} is not in the input")
        value = value[key]
    return value


def write_path(data: Any, path: str | None, value: Any) -> Any:
    """`ResultPath`: the result put into (a copy of) the state's input."""
    if path is None:
        return data
    keys = path.removeprefix("$").split(".")[1:]
    if not keys:
        return value
    whole = copy.deepcopy(data)
    holder = whole
    for key in keys[:-1]:
        holder = holder.setdefault(key, {})
    holder[keys[-1]] = value
    return whole


def _parameters(template: dict[str, Any], data: Any, context: dict[str, Any] | None = None) -> dict[str, Any]:
    built = {}
    for key, value in template.items():
        if isinstance(value, dict):
            built[key] = _parameters(value, data, context)
        elif not key.endswith(".$"):
            built[key] = value
        elif value.startswith("States.MathAdd("):
            path, number = value.removeprefix("States.MathAdd(").removesuffix(")").split(", ")
            built[key.removesuffix(".$")] = read_path(data, path) + int(number)
        else:
            built[key.removesuffix(".$")] = read_path(data, value, context)
    return built


def _holds(rule: dict[str, Any], data: Any) -> bool:
    if "And" in rule:
        return all(_holds(inner, data) for inner in rule["And"])
    if "Or" in rule:
        return any(_holds(inner, data) for inner in rule["Or"])
    if "Not" in rule:
        return not _holds(rule["Not"], data)
    if "IsPresent" in rule:
        try:
            read_path(data, rule["Variable"])
        except Failed:
            return rule["IsPresent"] is False
        return rule["IsPresent"] is True
    value = read_path(data, rule["Variable"])
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if "BooleanEquals" in rule:
        return value is rule["BooleanEquals"]
    if "StringEquals" in rule:
        return isinstance(value, str) and value == rule["StringEquals"]
    if "NumericEquals" in rule:
        return number and value == rule["NumericEquals"]
    if "NumericLessThanEquals" in rule:
        return number and value <= rule["NumericLessThanEquals"]
    if "NumericGreaterThanEquals" in rule:
        return number and value >= rule["NumericGreaterThanEquals"]
    return number and value > rule["NumericGreaterThan"]


def _caught(state: dict[str, Any], failure: Failed) -> dict[str, Any] | None:
    for catcher in state.get("Catch", []):
        if failure.error in catcher["ErrorEquals"] or "States.ALL" in catcher["ErrorEquals"]:
            return dict(catcher)
    return None


def run_region(region: dict[str, Any], data: Any, actions: dict[str, Action]) -> Any:
    """The output of a machine, a branch or an item; raises `Failed` as the service would fail it."""
    name = region["StartAt"]
    while True:
        state = region["States"][name]
        kind = state["Type"]
        if kind == "Succeed":
            return data
        if kind == "Fail":
            raise Failed(state["Error"], state["Cause"])
        if kind == "Choice":
            matched = [rule["Next"] for rule in state["Choices"] if _holds(rule, data)]
            if not matched and "Default" not in state:
                raise Failed("States.NoChoiceMatched", f"no choice of {name} matched")  # the cause the flow gives
            name = matched[0] if matched else state["Default"]
            continue
        try:
            result = _run(state, data, actions)
        except Failed as failure:
            catcher = _caught(state, failure)
            if catcher is None or failure.error == "States.Runtime":
                raise
            # docs/importing.md, pitfalls: the flow names a caught error by its last dotted part.
            error = failure.error.rsplit(".", 1)[-1]
            data = write_path(data, catcher["ResultPath"], {"Error": error, "Cause": failure.cause})
            name = catcher["Next"]
            continue
        if "ResultSelector" in state:
            result = _parameters(state["ResultSelector"], result)
        data = write_path(data, state.get("ResultPath", "$"), result)
        if state.get("End"):
            return data
        name = state["Next"]


def _run(state: dict[str, Any], data: Any, actions: dict[str, Action]) -> Any:
    kind = state["Type"]
    if kind == "Pass":
        given = read_path(data, state.get("InputPath", "$"))
        return state["Result"] if "Result" in state else _parameters(state["Parameters"], given) \
            if "Parameters" in state else given
    if kind == "Task":
        given = _parameters(state["Parameters"], data)
        return actions[given["FunctionName"]].answer(given["Payload"])
    if kind == "Map":
        outputs = []
        for index, item in enumerate(read_path(data, state["ItemsPath"])):
            context = {"Map": {"Item": {"Value": item, "Index": index}}}
            selected = _parameters(state["ItemSelector"], data, context) if "ItemSelector" in state else item
            outputs.append(run_region(state["ItemProcessor"], selected, actions))
        return outputs
    results, failures = [], []
    for branch in state["Branches"]:
        try:
            results.append(run_region(branch, data, actions))
        except Failed as failure:
            failures.append(failure)
    if len({(f.error, f.cause) for f in failures}) > 1:
        raise Ambiguous("branches fail at once: the service fails the Parallel with whichever failed first")
    if failures:
        raise failures[0]
    return results


@dataclass
class Ending:
    """How an execution ended: its result, or its error's last dotted part and its cause."""

    status: str
    result: Any = None
    error: str | None = None
    cause: str | None = None


def reference(drawn: Drawn, given: dict[str, Any]) -> Ending:
    try:
        return Ending("succeeded", run_region(drawn.machine, given, drawn.actions))
    except Failed as failure:
        return Ending("failed", error=failure.error.rsplit(".", 1)[-1], cause=failure.cause)


# ---------------------------------------------------------------------------------------- the import, run


def imported_flow(drawn: Drawn, jsonata: bool = False) -> str:
    """The flow `dflow import` writes for the machine, or for its JSONata twin (tests/asl_fuzz_jsonata.py)."""
    from dflow.importer import import_machine
    from tests.asl_fuzz_jsonata import to_jsonata

    machine = to_jsonata(drawn.machine) if jsonata else drawn.machine
    return import_machine(_json(machine), "drawn.asl.json", "drawn").files["drawn.flow"]


def run_imported(flow_text: str, drawn: Drawn, given: dict[str, Any]) -> Ending:
    from dflow.language.reading import read_flow
    from dflow.local.execute import execute
    from dflow.local.handler import load_handler
    from dflow.local.mocks import error_class

    def as_function(action: Action) -> Any:
        def call(**arguments: Any) -> Any:
            try:
                return action.answer(arguments["Payload"])
            except Failed as failure:
                raise error_class(failure.error)(failure.cause) from None

        return call

    mocks = {name: as_function(action) for name, action in drawn.actions.items()}
    module = load_handler(read_flow(flow_text, "drawn.flow"), "drawn.flow", mocks, mock_all=True)
    outcome = execute(module, given, {}, timeout_seconds=60)
    if outcome.status == "succeeded":
        return Ending("succeeded", outcome.result)
    return Ending(outcome.status, error=str(outcome.error_type).rsplit(".", 1)[-1], cause=outcome.error_message)


def differences(expected: Ending, actual: Ending) -> list[str]:
    """What the flow did that the machine would not; a failed action may end a flow as the SDK's StepError."""
    if expected.status != actual.status:
        return [f"the machine {_ended(expected)}, the flow {_ended(actual)}"]
    if expected.status == "succeeded":
        return [] if expected.result == actual.result else [f"result {actual.result} instead of {expected.result}"]
    found = []
    if actual.error not in (expected.error, "StepError"):
        found.append(f"error {actual.error} instead of {expected.error}")
    if expected.error != "NoChoiceMatched" and expected.cause not in str(actual.cause):
        found.append(f"cause {actual.cause!r} instead of {expected.cause!r}")
    return found


def _ended(ending: Ending) -> str:
    if ending.status == "succeeded":
        return f"returned {ending.result}"
    return f"{ending.status} ({ending.error}: {ending.cause})"


def check_seed(seed: int, jsonata: bool = False) -> list[str]:
    """Every way the imported flow of this seed's machine (or its JSONata twin) differs from it, on its inputs."""
    from dflow.importer import MachineError

    drawn = draw_machine(seed)
    try:
        flow_text = imported_flow(drawn, jsonata)
    except MachineError as refused:
        # A shape the importer says in words it cannot write (docs/importing.md): not a difference.
        REFUSED.append(f"seed {seed}: {refused.message}")
        return []
    found = []
    for given in drawn.inputs:
        try:
            expected = reference(drawn, copy.deepcopy(given))
        except Ambiguous:
            continue
        for problem in differences(expected, run_imported(flow_text, drawn, copy.deepcopy(given))):
            found.append(f"seed {seed}, input {json.dumps(given)}: {problem}")
    return found


def _json(value: Any) -> str:
    return json.dumps(value, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--machines", type=int, default=100, help="how many machines to draw")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--show", type=int, help="print one seed's machine and imported flow, and stop")
    parser.add_argument("--jsonata", action="store_true", help="import each machine said in JSONata instead")
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from dflow.local.testing import quiet_logs

    if arguments.show is not None:
        drawn = draw_machine(arguments.show)
        if arguments.jsonata:
            from tests.asl_fuzz_jsonata import to_jsonata

            print(_json(to_jsonata(drawn.machine)))
        else:
            print(_json(drawn.machine))
        print(imported_flow(drawn, arguments.jsonata))
        with quiet_logs():
            print("\n".join(check_seed(arguments.show, arguments.jsonata)) or "the flow does what the machine does")
        return 0
    started, failures = time.perf_counter(), 0
    with quiet_logs():
        for seed in range(arguments.first_seed, arguments.first_seed + arguments.machines):
            found = check_seed(seed, arguments.jsonata)
            failures += bool(found)
            for line in found:
                print(line, flush=True)
    for line in REFUSED:
        print(f"refused: {line}")
    print(f"{arguments.machines} machines, {failures} whose flow differs, {len(REFUSED)} refused, "
          f"in {time.perf_counter() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
