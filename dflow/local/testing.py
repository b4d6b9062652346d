"""`dflow test`: run every scenario of a scenario file on the local runner and compare.

Each scenario is a fresh execution of the flow compiled in memory, with the
scenario's mocks in place of those actions. The outcome is compared with the
expectations; a mismatch is shown as expected against actual.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic
from dflow.language.durations import UNIT_SECONDS
from dflow.language.walk import all_statements, calls
from dflow.local.execute import Outcome, execute
from dflow.local.timeline import batch_tolerances
from dflow.local.handler import ActionCall, actions_on_path, fresh_actions, load_handler
from dflow.local.mocks import MockAction
from dflow.local.scenarios import Scenario, ScenarioFile, check_names

SHORT_CALLBACK = m.Duration(amount=1, unit="second", seconds=UNIT_SECONDS["second"], span=m.Span(line=1, column=1, end_line=1, end_column=1))


@dataclass
class ScenarioResult:
    file: Path
    scenario: str
    seconds: float
    mismatches: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


Describe = Callable[[Diagnostic], str]


def run_file(
    path: Path, file: ScenarioFile, flow: m.Flow, source: tuple[Path, Describe], actions_path: Path, mock_all: bool
) -> list[ScenarioResult]:
    """Every scenario of one file; names unknown to the flow fail before anything runs.

    So do calls that the real actions module cannot answer (a missing action,
    an argument it does not take), unless every scenario mocks that action.
    `source` is the flow's file and how to put a diagnostic about it in words.
    """
    flow_file, describe = source
    source_name = flow_file.name
    problems = [problem for scenario in file.scenarios for problem in check_names(scenario, flow)]
    if not problems and not (mock_all or file.mock_all):
        problems = _call_problems(flow, file, describe, actions_path)
    if problems:
        return [ScenarioResult(path, "(scenario file)", 0.0, error="\n".join(problems))]
    unreadable = [ScenarioResult(path, name, 0.0, error="\n".join(found)) for name, found in file.unreadable.items()]
    with actions_on_path(actions_path), quiet_logs():
        ran = [run_scenario(path, scenario, flow, source_name, mock_all or file.mock_all) for scenario in file.scenarios]
    return unreadable + ran


def _call_problems(flow: m.Flow, file: ScenarioFile, describe: Describe, actions_path: Path) -> list[str]:
    """The flow's calls checked against the real actions, as `dflow check --actions-path` does."""
    from dflow.actions.check import check_actions

    mocked_everywhere = set.intersection(*(set(s.mocks) for s in file.scenarios)) if file.scenarios else set()
    def where(span: m.Span | None) -> tuple[int, int]:
        return (span.line, span.column) if span else (0, 0)

    every_call = [call for statement in all_statements(flow.body) for call in calls(statement)]
    action_at = {where(call.span): call.function for call in every_call}
    action_at |= {where(call.function_span): call.function for call in every_call}
    return [
        describe(diagnostic)
        for diagnostic in check_actions(flow, actions_path)
        if diagnostic.is_error and action_at.get(where(diagnostic.span)) not in mocked_everywhere
    ]


def run_scenario(path: Path, scenario: Scenario, flow: m.Flow, source_name: str, mock_all: bool) -> ScenarioResult:
    started = time.perf_counter()
    received: list[ActionCall] = []
    try:
        fresh_actions(flow)  # each scenario starts with the actions' in-memory state as imported
        module = load_handler(
            with_short_timeouts(flow, scenario), source_name, _mocks(scenario, flow), mock_all, received
        )
        functions = {
            name: _as_function(MockAction(name, scenario.function_behaviours(name), None))
            for name in scenario.functions
        }
        outcome = execute(module, scenario.input, scenario.callbacks, timeout_seconds=30, functions=functions,
                          tolerances=batch_tolerances(flow))
    except Exception as error:  # noqa: BLE001 - a scenario that cannot run is reported, not raised
        return ScenarioResult(path, scenario.name, time.perf_counter() - started, error=f"{type(error).__name__}: {error}")
    return ScenarioResult(path, scenario.name, time.perf_counter() - started, compare(scenario, outcome, received))


def _mocks(scenario: Scenario, flow: m.Flow) -> dict[str, Any]:
    """A mock per mocked action; errors it raises are the actions module's own classes where they exist."""
    real_module = None
    if flow.actions:
        try:
            real_module = importlib.import_module(flow.actions[0].module)
        except ImportError:
            real_module = None
    return {name: MockAction(name, scenario.behaviours(name), real_module) for name in scenario.mocks}


def _as_function(mock: MockAction) -> Any:
    """A Lambda handler `(event, context)` whose result is the mock's."""
    return lambda event, context: mock(event=event)


def with_short_timeouts(flow: m.Flow, scenario: Scenario) -> m.Flow:
    """Callbacks the scenario lets time out wait 1 second instead (callback timeouts are real time)."""
    names = {path.split(".")[-1] for path in scenario.callbacks if any(a.timeout for a in scenario.answers_of(path))}
    if not names:
        return flow
    return flow.model_copy(update={"body": _shorten(flow.body, names)})


def _shorten(block: m.Block, names: set[str]) -> m.Block:
    statements = []
    for statement in block.statements:
        updates: dict[str, Any] = {}
        if isinstance(statement, m.WaitFor) and statement.name.text in names:
            updates["timeout"] = SHORT_CALLBACK
            updates["heartbeat"] = None
        for key in ("otherwise", "body"):
            child = getattr(statement, key, None)
            if isinstance(child, m.Block):
                updates[key] = _shorten(child, names)
        timeout = getattr(statement, "on_timeout", None)
        if isinstance(timeout, m.Handler):
            updates["on_timeout"] = timeout.model_copy(update={"body": _shorten(timeout.body, names)})
        finally_ = getattr(statement, "finally_", None)
        if isinstance(finally_, m.Block):
            updates["finally_"] = _shorten(finally_, names)
        failures = getattr(statement, "on_failure", None)
        if failures:
            updates["on_failure"] = [h.model_copy(update={"body": _shorten(h.body, names)}) for h in failures]
        if isinstance(statement, m.If):
            updates["arms"] = [arm.model_copy(update={"body": _shorten(arm.body, names)}) for arm in statement.arms]
        if isinstance(statement, m.Parallel):
            updates["branches"] = [b.model_copy(update={"body": _shorten(b.body, names)}) for b in statement.branches]
        statements.append(statement.model_copy(update=updates))
    return block.model_copy(update={"statements": statements})


# ---------------------------------------------------------------- expectations


def compare(scenario: Scenario, outcome: Outcome, received: list[ActionCall] | None = None) -> list[str]:
    """What differs from the expectations, each as `expected … / actual …` lines.

    When anything differs and the execution failed, its error comes last: the
    reason an analyst needs to see, whatever was expected.
    """
    expect = scenario.expect
    mismatches = []
    if expect.status is not None and expect.status != outcome.status:
        mismatches.append(_diff("status", expect.status, outcome.status))
    if expect.checks_result and not _matches(expect.result, outcome.result):
        mismatches.append(_diff("result", expect.result, outcome.result))
    if expect.error is not None and not (outcome.error_type or "").endswith(expect.error):
        mismatches.append(_diff("error", expect.error, outcome.error_type))
    if expect.message is not None and expect.message not in (outcome.error_message or ""):
        mismatches.append(_diff("message containing", expect.message, outcome.error_message))
    if expect.ran is not None and expect.ran != outcome.operations:
        mismatches.append(_diff("ran", expect.ran, outcome.operations))
    if expect.compensated is not None and expect.compensated != outcome.compensations:
        mismatches.append(_diff("compensated", expect.compensated, outcome.compensations))
    for operation, count in (expect.attempts or {}).items():
        if outcome.attempts(operation) != count:
            mismatches.append(_diff(f"attempts of {operation}", count, outcome.attempts(operation)))
    for action, expected_calls in (expect.calls or {}).items():
        actual = [call.arguments for call in received or [] if call.action == action]
        if not _matches(expected_calls, actual):
            mismatches.append(_diff(f"calls of {action}", expected_calls, actual))
    if mismatches and outcome.error_type is not None:
        mismatches.append(f"the execution failed with {outcome.error_type}: {outcome.error_message}")
    return mismatches


def _matches(expected: Any, actual: Any) -> bool:
    """Equal, except that an expected mapping only needs its own keys to match, at any depth
    (inside lists too: a list matches item by item, with the same length)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and _matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(_matches(e, a) for e, a in zip(expected, actual))
        )
    return bool(expected == actual)


def _diff(what: str, expected: Any, actual: Any) -> str:
    return f"{what}:\n  expected {json.dumps(expected, default=str)}\n  actual   {json.dumps(actual, default=str)}"


@contextmanager
def quiet_logs() -> Iterator[None]:
    """The SDK logs every failed step at ERROR; a scenario that expects failures should not shout."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous)


# ---------------------------------------------------------------- reports


def junit_xml(results: list[ScenarioResult]) -> str:
    suite = ElementTree.Element(
        "testsuite", name="dflow", tests=str(len(results)),
        failures=str(sum(1 for r in results if r.mismatches)), errors=str(sum(1 for r in results if r.error)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for result in results:
        case = ElementTree.SubElement(suite, "testcase", classname=str(result.file), name=result.scenario,
                                      time=f"{result.seconds:.3f}")
        if result.error:
            ElementTree.SubElement(case, "error", message=result.error.splitlines()[0]).text = result.error
        elif result.mismatches:
            failure = ElementTree.SubElement(case, "failure", message=result.mismatches[0].splitlines()[0])
            failure.text = "\n".join(result.mismatches)
    return ElementTree.tostring(suite, encoding="unicode") + "\n"
