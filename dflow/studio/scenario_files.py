"""A flow's scenario file (`NAME.scenarios.yaml` beside it) as the page sees it, and saving a run into it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from dflow.compiler.write import write_atomically
from dflow.studio.files import OutsideRoot, Served

HEADER = "# Scenarios for {flow}, run by `dflow test` on the SDK's local runner.\n"


class ScenarioProblem(Exception):
    """A run that cannot be kept as a scenario; the message says why."""


def beside(flow: Path, served: Served) -> Path:
    """`vending.flow` and `vending.flow.yaml` → `vending.scenarios.yaml`, if it stays inside the served folder.

    A scenario file that is a link to a file elsewhere is neither read nor
    written: no path outside the served folder is, links included.
    """
    stem = flow.name.split(".flow", 1)[0]
    path = flow.with_name(f"{stem}.scenarios.yaml")
    if (path.exists() or path.is_symlink()) and not path.resolve().is_relative_to(served.root):
        raise OutsideRoot(path.name)
    return path


def listing(served: Served, flow: Path) -> dict[str, Any]:
    path = beside(flow, served)
    if not path.is_file():
        return {"file": None, "scenarios": []}
    from dflow.local.scenarios import ScenarioError, load_scenarios

    relative = path.relative_to(served.root).as_posix()
    try:
        loaded = load_scenarios(path)
    except ScenarioError as error:
        return {"file": relative, "scenarios": [], "error": str(error)}
    names = [scenario.name for scenario in loaded.scenarios]
    problems = [problem for found in loaded.unreadable.values() for problem in found]
    return {"file": relative, "scenarios": names, **({"error": "\n".join(problems)} if problems else {})}


def project_actions(flow: Path) -> Path | None:
    """The actions folder of the project the flow is in, if it is in one."""
    from dflow.deploy.settings import project_at

    project = project_at(flow.parent)
    return project.path(project.settings.actions) if project is not None else None


def actions_folder(flow: Path) -> Path:
    """Where a run imports the flow's actions from: the project's actions folder, else the flow's folder."""
    return project_actions(flow) or flow.parent


def save_run(flow: Path, run: dict[str, Any], served: Served) -> dict[str, Any]:
    """Append the run (its input, callback answers and outcome) to the flow's scenario file."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from dflow.language.yamlform.layout import round_trip_yaml

    name = str(run.get("name") or "").strip()
    outcome = run.get("outcome")
    if not name:
        raise ScenarioProblem("give the scenario a name")
    if not isinstance(outcome, dict) or outcome.get("status") not in ("succeeded", "failed", "timed_out"):
        raise ScenarioProblem("run the flow to its end first: a scenario keeps how the run ended")
    if not isinstance(run.get("callbacks") or {}, dict):
        raise ScenarioProblem("`callbacks` is a map from each callback's name to its answers")
    ran = run.get("ran") or []
    if not (isinstance(ran, list) and all(isinstance(name, str) for name in ran)):
        raise ScenarioProblem("`ran` is a list of the operations' names")
    path = beside(flow, served)
    yaml = round_trip_yaml()
    document = yaml.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if document is None:
        document = CommentedMap()
    scenarios = document.setdefault("scenarios", CommentedSeq())
    if not isinstance(scenarios, list):
        raise ScenarioProblem(f"{path.name} has no list of scenarios to add to")
    taken = {str(item.get("name")) for item in scenarios if isinstance(item, dict)}
    if name in taken:
        raise ScenarioProblem(f"{path.name} already has a scenario named {name!r}")
    scenarios.append(_scenario(name, run, outcome))
    stream = io.StringIO()
    yaml.dump(document, stream)
    text = stream.getvalue()
    if not path.is_file():
        text = HEADER.format(flow=flow.name) + text
    write_atomically(path, text)
    return {"file": path.name, "name": name}


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key in ("answer", "fail", "timeout")}


def _scenario(name: str, run: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    scenario: dict[str, Any] = {"name": name, "input": run.get("input") if run.get("input") is not None else {}}
    callbacks = run.get("callbacks") or {}
    if callbacks:
        # Each callback's answers in the order the run gave them: a list when it was answered more than once.
        scenario["callbacks"] = {}
        for callback, given in callbacks.items():
            answers = [_answer(answer) for answer in (given if isinstance(given, list) else [given]) if isinstance(answer, dict)]
            if answers:
                scenario["callbacks"][str(callback)] = answers[0] if len(answers) == 1 else answers
    expect: dict[str, Any] = {"status": outcome["status"]}
    if outcome["status"] == "succeeded":
        expect["result"] = outcome.get("result")
    else:
        if outcome.get("error_type"):
            expect["error"] = str(outcome["error_type"]).rsplit(".", 1)[-1]
        if outcome.get("error_message"):
            expect["message"] = outcome["error_message"]
    if run.get("ran"):
        expect["ran"] = list(run["ran"])
    scenario["expect"] = expect
    return scenario
