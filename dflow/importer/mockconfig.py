"""A Step Functions Local mock config (test cases with mocked responses) as a scenarios file.

Each test case is a scenario: a mocked Task is a mocked action (by the names
contract), a mocked callback task answers its callback, a mocked child
machine is what its function returns. `"0-2"` is three attempts alike.
"""

from __future__ import annotations

import json
from typing import Any

from dflow.importer.machine import MachineError
from dflow.importer.names import error_name
from dflow.importer.tasks import Action
from dflow.language.diagnostics import did_you_mean


def scenarios_from_mock_config(text: str, flow_name: str, actions: dict[str, Action], machine: str | None,
                               event: Any, source: str) -> str:
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise MachineError(f"the mock config is not valid JSON: {error.msg}", error.lineno, error.colno) from None
    machines = config.get("StateMachines") if isinstance(config, dict) else None
    if not isinstance(machines, dict) or not machines:
        raise MachineError("a mock config has a `StateMachines` object with test cases")
    if machine is None and len(machines) > 1:
        raise MachineError(f"the mock config has test cases for {len(machines)} state machines",
                           hint="name one with --mock-machine: " + ", ".join(machines))
    chosen = machine or next(iter(machines))
    if chosen not in machines:
        close = did_you_mean(chosen, list(machines))
        raise MachineError(f"the mock config has no state machine {json.dumps(chosen)}",
                           hint=f"did you mean {json.dumps(close)}?" if close else "")
    responses = config.get("MockedResponses", {})
    scenarios = []
    for case, mocked in machines[chosen].get("TestCases", {}).items():
        scenarios.append(_scenario(case, mocked, responses, actions, event))
    lines = [
        f"# Scenarios for {flow_name}.flow, from the test cases of {chosen} in {source}.",
        "# A mock config does not say how each test case ends: add `expect:` to each scenario.",
    ]
    document = {"flow": f"{flow_name}.flow", "mock_all": True, "scenarios": scenarios}
    return "\n".join(lines) + "\n" + _yaml(document)


def _scenario(case: str, mocked: dict[str, str], responses: dict[str, Any], actions: dict[str, Action],
              event: Any) -> dict[str, Any]:
    scenario: dict[str, Any] = {"name": case, "input": event if event is not None else {}}
    mocks: dict[str, Any] = {}
    callbacks: dict[str, Any] = {}
    functions: dict[str, Any] = {}
    for state, response_name in mocked.items():
        if state not in actions:
            close = did_you_mean(state, list(actions))
            raise MachineError(f"test case {json.dumps(case)} mocks {json.dumps(state)}, which is not a Task the "
                               "flow calls", hint=f"did you mean {json.dumps(close)}?" if close else "")
        if response_name not in responses:
            raise MachineError(f"test case {json.dumps(case)} names the response {json.dumps(response_name)}, "
                               "which `MockedResponses` does not have")
        behaviours = _behaviours(responses[response_name])
        action = actions[state]
        if action.resource.callback:
            mocks[action.name] = {"returns": None}
            callbacks[action.name] = [{"answer": b["returns"]} if "returns" in b else {"fail": b["raises"]}
                                      for b in behaviours]
        elif action.resource.kind == "start_sync":
            functions[action.name] = behaviours
        else:
            mocks[action.name] = behaviours if len(behaviours) > 1 else behaviours[0]
    for key, value in (("mocks", mocks), ("callbacks", callbacks), ("functions", functions)):
        if value:
            scenario[key] = value
    return scenario


def _behaviours(response: dict[str, Any]) -> list[dict[str, Any]]:
    """`{"0-2": {"Throw": …}, "3": {"Return": …}}` in attempt order, each with how many attempts."""
    found = []
    for attempts, outcome in sorted(response.items(), key=lambda item: int(item[0].split("-")[0])):
        first, _, last = attempts.partition("-")
        times = int(last) - int(first) + 1 if last else 1
        if "Throw" in outcome:
            thrown = outcome["Throw"]
            cause = thrown.get("Cause")
            behaviour: dict[str, Any] = {"raises": error_name(thrown.get("Error", "Failed")) + (f": {cause}" if cause else "")}
        else:
            behaviour = {"returns": outcome.get("Return")}
        if times > 1:
            behaviour["times"] = times
        found.append(behaviour)
    return found


def _yaml(document: dict[str, Any]) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True
    out = io.StringIO()
    yaml.dump(json.loads(json.dumps(document)), out)  # plain values, in the order given
    return out.getvalue()
