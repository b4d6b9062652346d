"""Scenario files (`NAME.scenarios.yaml`): executions an analyst describes and expects.

A scenario gives the input, what mocked actions return or raise (attempt by
attempt), how callbacks are answered, and what should happen: the final
status, the result (whole or partly), the error, the operations that ran and
the undo steps that ran. Names that the flow does not have are refused before
anything runs, with "did you mean".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dflow.language import model as m
from dflow.language.diagnostics import did_you_mean
from dflow.language.walk import all_statements, calls, operation_name, undone
from dflow.language.yamlform.reader import plain


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Behaviour(Strict):
    """One way an action behaves: it returns a value or raises an error, for `times` calls."""

    returns: Any = None
    raises: Union[str, None] = Field(None, description="`ErrorName` or `ErrorName: message`.")
    times: int = Field(1, ge=1, description="How many calls behave this way, before the next behaviour.")


class CallbackAnswer(Strict):
    """How the other system answers a callback: with a JSON value, a failure, or not at all."""

    answer: Any = None
    fail: Union[str, None] = Field(None, description="The failure message the other system sends.")
    timeout: bool = Field(False, description="Never answer: the callback times out (after 1 second here).")


class Expectation(Strict):
    status: Union[Literal["succeeded", "failed", "timed_out"], None] = None
    result: Any = Field(None, description="The returned value; a mapping here only needs its keys to match.")
    error: Union[str, None] = Field(None, description="The error type, or the end of it: `InvalidInput`.")
    message: Union[str, None] = Field(None, description="Text the error message contains.")
    ran: Union[list[str], None] = Field(
        None, description="The flow's own top-level operations, in order (undo steps and clock steps apart)."
    )
    compensated: Union[list[str], None] = Field(None, description="The undo steps that ran, in order.")
    attempts: Union[dict[str, int], None] = Field(
        None, description="How many times each named operation was attempted: `{charge: 3}`."
    )
    calls: Union[dict[str, list[Any]], None] = Field(
        None,
        description="The arguments each action received, one mapping per call in order; "
        "a mapping only needs its own keys to match: `{charge_card: [{amount: 250}]}`.",
    )

    @property
    def checks_result(self) -> bool:
        return "result" in self.model_fields_set


class Scenario(Strict):
    name: str
    description: Union[str, None] = None
    input: Any = Field(default_factory=dict)
    mocks: dict[str, Union[Behaviour, list[Behaviour]]] = Field(default_factory=dict)
    functions: dict[str, Union[Behaviour, list[Behaviour]]] = Field(
        default_factory=dict, description="What invoked Lambda functions return or raise; others do not exist."
    )
    callbacks: dict[str, Union[CallbackAnswer, list[CallbackAnswer]]] = Field(
        default_factory=dict,
        description="Answers by callback name; where sibling branches wait for callbacks of the same "
        "name, `PARALLEL.BRANCH.NAME` (or `BRANCH.NAME`) answers one of them. A list answers a "
        "callback inside a loop pass by pass, in order; its last entry answers every later pass.",
    )
    expect: Expectation = Field(default_factory=Expectation)

    def answers_of(self, path: str) -> list[CallbackAnswer]:
        """A callback's answers, pass by pass."""
        given = self.callbacks[path]
        return given if isinstance(given, list) else [given]

    def behaviours(self, action: str) -> list[Behaviour]:
        mock = self.mocks[action]
        return mock if isinstance(mock, list) else [mock]

    def function_behaviours(self, function: str) -> list[Behaviour]:
        mock = self.functions[function]
        return mock if isinstance(mock, list) else [mock]


class ScenarioFile(Strict):
    flow: Union[str, None] = Field(None, description="The flow, relative to this file; NAME.flow beside it if not given.")
    actions_path: Union[str, None] = Field(None, description="Where the actions modules are, relative to this file.")
    mock_all: bool = Field(False, description="Mock every action: an action without a mock is an error.")
    scenarios: list[Scenario]
    # Scenarios that could not be read, by name (or `scenario N`), each with its problems in words.
    unreadable: dict[str, list[str]] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="after")
    def _unique_names(self) -> ScenarioFile:
        names = [scenario.name for scenario in self.scenarios]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"scenario names must be unique: {', '.join(duplicates)}")
        return self


class ScenarioError(Exception):
    """A scenario file that cannot be run, with the reasons in plain words."""


def load_scenarios(path: Path) -> ScenarioFile:
    """The file's scenarios; one that cannot be read is set aside with located problems, the others run.

    A problem reads `FILE:LINE:COLUMN: scenario NAME: WHERE: what is wrong`, in
    plain words, never a list index or a class name.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise ScenarioError(f"{path}: a scenario file is a mapping with a `scenarios:` list")
    good: list[Any] = []
    unreadable: dict[str, list[str]] = {}
    for index, item in enumerate(data["scenarios"]):
        label = str(item.get("name")) if isinstance(item, dict) and item.get("name") else f"scenario {index + 1}"
        plain_item = plain(item)
        try:
            Scenario.model_validate(plain_item)
        except ValidationError as error:
            # A union (one answer, or a list) reports each way it failed: one problem per place.
            problems = [_located(path, item, label, problem) for problem in error.errors()]
            unreadable[label] = _first_per_place(problems)
            continue
        good.append(plain_item)
    header = {key: plain(value) for key, value in data.items() if key != "scenarios"}
    try:
        loaded = ScenarioFile.model_validate({**header, "scenarios": good})
    except ValidationError as error:
        raise ScenarioError("; ".join(_first_per_place([_located(path, data, None, p) for p in error.errors()]))) from None
    return loaded.model_copy(update={"unreadable": unreadable})


# The names pydantic puts in a problem's place for the ways a union can be read.
UNION_BRANCHES = {"CallbackAnswer", "Behaviour", "list[CallbackAnswer]", "list[Behaviour]"}


def _first_per_place(problems: list[tuple[str, str]]) -> list[str]:
    """The first problem at each place: the others say the same place cannot be read another way."""
    kept: dict[str, str] = {}
    for place, text in problems:
        kept.setdefault(place, text)
    return list(kept.values())


def _located(path: Path, node: Any, label: str | None, problem: Any) -> tuple[str, str]:
    """One pydantic problem: its place, and `FILE:LINE:COLUMN: scenario NAME: WHERE: what is wrong`."""
    keys = [part for part in problem["loc"] if part not in UNION_BRANCHES]
    line, column = 0, 0
    target = node
    for key in keys:
        container = target
        if isinstance(container, dict) and key in container:
            line, column = _position(container, key)
            target = container[key]
        elif isinstance(container, list) and isinstance(key, int) and key < len(container):
            line, column = _position(container, key)
            target = container[key]
    where = ".".join(str(key) if not isinstance(key, int) else f"[{key + 1}]" for key in keys).replace(".[", "[")
    place = f"{path}:{line + 1}:{column + 1}" if line or column else str(path)
    who = f"scenario `{label}`: " if label else ""
    return place + where, f"{place}: {who}{where + ': ' if where else ''}{_words(problem, keys)}"


def _owner(keys: list[Any]) -> type[BaseModel]:
    """The model whose keys a mapping at this place has."""
    words = [key for key in keys if isinstance(key, str)]
    if not words:
        return Scenario
    if words[0] == "expect":
        return Expectation
    if words[0] == "callbacks":
        return CallbackAnswer
    if words[0] in ("mocks", "functions"):
        return Behaviour
    return Scenario if len(keys) <= 1 else ScenarioFile


def _position(container: Any, key: Any) -> tuple[int, int]:
    try:
        lines = getattr(container, "lc")  # ruamel's positions of a round-trip mapping or list
        found = lines.key(key) if isinstance(container, dict) else lines.item(key)
        return int(found[0]), int(found[1])
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0, 0


def _words(problem: Any, keys: list[Any]) -> str:
    """A pydantic problem in words a person writing YAML can act on."""
    kind = problem["type"]
    field = str(problem["loc"][-1]) if problem["loc"] else ""
    if kind == "extra_forbidden":
        known = sorted(_owner(keys[:-1]).model_fields)
        guess = did_you_mean(field, known)
        return f"`{field}` is not a key here; " + (f"did you mean `{guess}`?" if guess else f"the keys are: {', '.join(known)}")
    if kind == "missing":
        return "is required"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if "callbacks" in [str(part) for part in problem["loc"]]:
            return "should be an answer such as {answer: {approved: true}}, {fail: \"message\"} or " \
                "{timeout: true}, or a list of them, one per pass"
        return "should be a mapping of keys and values"
    if kind == "list_type":
        return "should be a list"
    if kind == "string_type":
        return "should be text"
    if kind in ("int_type", "int_parsing"):
        return "should be a whole number"
    if kind == "bool_type":
        return "should be true or false"
    if kind == "literal_error":
        return "should be " + str(problem.get("ctx", {}).get("expected", "one of the allowed words"))
    return str(problem["msg"]).lower()


def flow_path(path: Path, file: ScenarioFile) -> Path:
    if file.flow:
        return path.parent / file.flow
    stem = path.name.removesuffix(".scenarios.yaml").removesuffix(".scenarios.yml")
    return path.parent / f"{stem}.flow"


def actions_path_of(path: Path, file: ScenarioFile) -> Path:
    """Where a scenario file's actions are imported from: its `actions_path`, else its flow's folder."""
    return path.parent / file.actions_path if file.actions_path else flow_path(path, file).parent


def flow_operations(flow: m.Flow) -> set[str]:
    """The names of the flow's own operations (not the clock steps dflow adds for `wait until`)."""
    return {name for s in all_statements(flow.body) if (name := operation_name(s)) is not None}


def check_names(scenario: Scenario, flow: m.Flow) -> list[str]:
    """Problems with names the flow does not have: operations, callbacks, actions."""
    statements = list(all_statements(flow.body))
    operations = flow_operations(flow)
    callbacks = {s.name.text for s in statements if isinstance(s, m.WaitFor)}
    scopes = operations | {b.name.text for s in statements if isinstance(s, m.Parallel) for b in s.branches}
    undos = {f"undo_{name}" for name, _ in undone(flow.body)}
    actions = {call.function for s in statements for call in calls(s)}
    functions = {s.function for s in statements if isinstance(s, m.Invoke)}
    problems = []
    for path in scenario.callbacks:
        *around, name = path.split(".")
        for scope in around:
            if scope not in scopes:
                suggestion = did_you_mean(scope, scopes)
                hint = f"; did you mean `{suggestion}`?" if suggestion else ""
                problems.append(f"scenario `{scenario.name}`: the flow has no parallel, branch or loop `{scope}`{hint}")
    for kind, given, known in (
        ("operation", scenario.expect.ran or [], operations),
        ("operation", scenario.expect.attempts or {}, operations | undos),
        ("undo step", scenario.expect.compensated or [], undos),
        ("callback", [path.split(".")[-1] for path in scenario.callbacks], callbacks),
        ("action", scenario.mocks, actions),
        ("action", scenario.expect.calls or {}, actions),
        ("invoked function", scenario.functions, functions),
    ):
        for name in given:
            if name not in known:
                suggestion = did_you_mean(name, known)
                hint = f"; did you mean `{suggestion}`?" if suggestion else ""
                problems.append(f"scenario `{scenario.name}`: the flow has no {kind} `{name}`{hint}")
    return problems


