"""Reading an ASL state machine (JSON or YAML) and refusing one that is not, with its place.

Only what the importer relies on is checked: the machine's shape, each
state's `Type`, and that every `Next`, `Default` and catcher names a state
of its own set. The service checks the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from dflow.language.diagnostics import did_you_mean
from dflow.language.yamlform.reader import plain

STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")


class MachineError(Exception):
    """A file that is not a state machine the importer can read: where, what, and a hint."""

    def __init__(self, message: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


@dataclass
class Region:
    """A set of states with a start: the machine, a branch of a Parallel, a Map's item processor."""

    start: str
    states: dict[str, dict[str, Any]]
    jsonata: bool
    # graph.py's post-dominator trees, one per set of stops: (immediate post-dominator, order) of each state.
    post_dominators: dict[frozenset[str], tuple[dict[str, str], dict[str, int]]] = field(
        default_factory=dict, compare=False, repr=False)

    def successors(self, name: str) -> list[str]:
        """Where a state can go next, in its own order: `Next`, the choices, `Default`, the catchers."""
        state = self.states[name]
        found: list[str] = []
        for rule in state.get("Choices", []):
            found.append(rule["Next"])
        for key in ("Next", "Default"):
            if key in state:
                found.append(state[key])
        for catcher in state.get("Catch", []):
            found.append(catcher["Next"])
        return list(dict.fromkeys(found))

    def ends(self, name: str) -> bool:
        state = self.states[name]
        return state["Type"] in ("Succeed", "Fail") or state.get("End") is True


@dataclass
class Machine:
    top: Region
    comment: str | None
    timeout_seconds: int | None
    notes: list[str] = field(default_factory=list)  # what was read in a way the service would not


def load_machine(text: str, source_name: str) -> Machine:
    data = _parse(text, source_name)
    if not isinstance(data, dict):
        raise MachineError("a state machine is a JSON object with `StartAt` and `States`")
    reader = _Reader(text)
    language = data.get("QueryLanguage", "JSONPath")
    notes: list[str] = []
    states = data.get("States")
    if isinstance(states, dict) and states.get("QueryLanguage") in ("JSONata", "JSONPath"):
        # Published that way (shared-fallback-state-jsonata): read as the machine's query language.
        language = states["QueryLanguage"]
        notes.append(f"`QueryLanguage: {language}` is inside `States`; it was read as the machine's")
        states = {key: value for key, value in states.items() if key != "QueryLanguage"}
        data = {**data, "States": states}
    top = reader.region(data, "the machine", language == "JSONata")
    timeout = data.get("TimeoutSeconds")
    return Machine(top, data.get("Comment"), timeout if isinstance(timeout, int) else None, notes)


def _parse(text: str, source_name: str) -> Any:
    if source_name.endswith((".yaml", ".yml")):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        try:
            return plain(YAML(typ="safe").load(text))
        except MarkedYAMLError as error:
            mark = error.problem_mark
            raise MachineError(f"not valid YAML: {error.problem}", mark.line + 1 if mark else 0,
                               mark.column + 1 if mark else 0) from None
        except YAMLError as error:
            raise MachineError(f"not valid YAML: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise MachineError(f"not valid JSON: {error.msg}", error.lineno, error.colno,
                           "an ASL file is JSON; a .asl.yaml file is read as YAML") from None


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def place(self, key: str) -> tuple[int, int]:
        """The line and column of `"key":` (or `key:` in YAML), first found; 0, 0 when not found."""
        for candidates in (json.dumps(key), key):
            for number, line in enumerate(self.lines, 1):
                column = line.find(candidates)
                while column >= 0:
                    after = line[column + len(candidates):].lstrip()
                    if after.startswith(":"):
                        return number, column + 1
                    column = line.find(candidates, column + 1)
        return 0, 0

    def fail(self, message: str, key: str, hint: str = "") -> MachineError:
        line, column = self.place(key)
        return MachineError(message, line, column, hint)

    def region(self, data: Any, where: str, jsonata: bool) -> Region:
        if not isinstance(data, dict) or not isinstance(data.get("States"), dict) or not data["States"]:
            raise MachineError(f"{where} has no `States` object", hint="a state machine is {\"StartAt\": …, \"States\": {…}}")
        states: dict[str, dict[str, Any]] = data["States"]
        start = data.get("StartAt")
        if start not in states:
            raise self.fail(f"{where} starts at {json.dumps(start)}, which is not one of its states", "StartAt",
                            _suggest(start, states))
        for name, state in states.items():
            self.state(name, state, states, jsonata or state.get("QueryLanguage") == "JSONata"
                       if isinstance(state, dict) else jsonata)
        return Region(start, states, jsonata)

    def state(self, name: str, state: Any, siblings: dict[str, Any], jsonata: bool) -> None:
        if not isinstance(state, dict):
            raise self.fail(f"state {json.dumps(name)} is not an object", name)
        kind = state.get("Type")
        if kind not in STATE_TYPES:
            raise self.fail(f"state {json.dumps(name)} has Type {json.dumps(kind)}", name,
                            f"a state's Type is one of {', '.join(STATE_TYPES)}" + _suggest(kind, STATE_TYPES, "; "))
        targets = [("Next", state.get("Next")), ("Default", state.get("Default"))]
        targets += [("a choice's Next", rule.get("Next")) for rule in state.get("Choices", []) if isinstance(rule, dict)]
        targets += [("a catcher's Next", c.get("Next")) for c in state.get("Catch", []) if isinstance(c, dict)]
        for field_name, target in targets:
            if target is not None and target not in siblings:
                raise self.fail(f"state {json.dumps(name)}: {field_name} names {json.dumps(target)}, which is not a state "
                                "beside it", name, _suggest(target, siblings))
        if kind not in ("Choice", "Succeed", "Fail") and "Next" not in state and state.get("End") is not True:
            raise self.fail(f"state {json.dumps(name)} has neither `Next` nor `End: true`", name)
        if kind == "Choice" and not state.get("Choices"):
            raise self.fail(f"Choice state {json.dumps(name)} has no `Choices`", name)
        if kind == "Parallel":
            branches = state.get("Branches")
            if not isinstance(branches, list) or not branches:
                raise self.fail(f"Parallel state {json.dumps(name)} has no `Branches`", name)
            for index, branch in enumerate(branches, 1):
                self.region(branch, f"branch {index} of {json.dumps(name)}", jsonata)
        if kind == "Map":
            processor = state.get("ItemProcessor", state.get("Iterator"))
            if processor is None:
                raise self.fail(f"Map state {json.dumps(name)} has no `ItemProcessor`", name)
            self.region(processor, f"the item processor of {json.dumps(name)}", jsonata)


def _suggest(word: Any, choices: Any, lead: str = "") -> str:
    if not isinstance(word, str):
        return ""
    close = did_you_mean(word, list(choices))
    return f"{lead}did you mean {json.dumps(close)}?" if close else ""
