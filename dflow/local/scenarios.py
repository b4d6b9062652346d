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
from dflow.language.walk import all_statements, calls, operation_name


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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        return ScenarioFile.model_validate(data)
    except YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    except ValidationError as error:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
        raise ScenarioError(f"{path}: " + "; ".join(problems)) from None


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
    undos = {f"undo_{s.name.text}" for s in statements if isinstance(s, m.Step) and s.undo is not None}
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


