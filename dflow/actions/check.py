"""`dflow check --actions-path`: compare every call in a flow with the real action functions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, did_you_mean
from dflow.language.walk import all_statements, calls

PROBE_TIMEOUT_SECONDS = 60


def check_actions(flow: m.Flow, actions_path: Path) -> list[Diagnostic]:
    """Diagnostics for calls to functions that do not exist or do not take those arguments."""
    return check_calls(flow, probe(modules_called(flow), actions_path), actions_path)


def modules_called(flow: m.Flow) -> list[str]:
    """The actions modules a flow's calls name, each once."""
    return sorted(set(modules_by_alias(flow).values()))


def modules_by_alias(flow: m.Flow) -> dict[str | None, str]:
    """Each alias's module; None is the first module, which calls without an alias name."""
    modules: dict[str | None, str] = {m_.alias: m_.module for m_ in flow.actions if m_.alias}
    if flow.actions:
        modules[None] = flow.actions[0].module
    return modules


def check_calls(flow: m.Flow, found: dict[str, Any], actions_path: Path) -> list[Diagnostic]:
    """The calls checked against what `probe` found of the modules (an editor probes once, checks often)."""
    modules = modules_by_alias(flow)
    diagnostics = [
        Diagnostic("DF255", f"cannot import `{module.module}` from {actions_path}: {found[module.module]['error']}",
                   module.span, hint="check --actions-path and the module's own imports")
        for module in flow.actions
        if "error" in found.get(module.module, {})
    ]
    for call, callback in _calls(flow):
        module_name = modules.get(call.alias)
        functions = module_functions(found, module_name) if module_name else None
        if module_name is not None and functions is not None:
            diagnostics.extend(_check_call(call, callback, module_name, functions))
    return diagnostics


def module_functions(found: dict[str, Any], module: str) -> dict[str, Any] | None:
    """What `probe` found of one module's functions (each one's parameters, file and line); None if it did not import."""
    described = found.get(module, {}).get("functions")
    return described if isinstance(described, dict) else None


def probe(modules: list[str], actions_path: Path) -> dict[str, Any]:
    """Run `dflow.actions.probe` in a separate process with `actions_path` importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(actions_path.resolve()), str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "dflow.actions.probe", *modules],
            capture_output=True, text=True, env=env, cwd=actions_path, timeout=PROBE_TIMEOUT_SECONDS,
        )
        result: dict[str, Any] = json.loads(completed.stdout)
        return result
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        return {module: {"error": f"the actions could not be inspected ({error})"} for module in modules}


def _calls(flow: m.Flow) -> list[tuple[m.Call, bool]]:
    """Every call of an action, and whether it is a callback submitter (given `callback_id`)."""
    return [
        (call, isinstance(statement, m.WaitFor) and call is statement.call)
        for statement in all_statements(flow.body)
        for call in calls(statement)
    ]


def _check_call(call: m.Call, callback: bool, module: str, functions: dict[str, Any]) -> list[Diagnostic]:
    function = functions.get(call.function)
    if function is None:
        suggestion = did_you_mean(call.function, set(functions))
        return [Diagnostic(
            "DF256", f"`{module}` has no function `{call.function}`", call.function_span,
            hint=f"did you mean `{suggestion}`?" if suggestion else f"define `{call.function}` in {module}",
        )]
    accepted = set(function["parameters"])
    given = [argument.name for argument in call.arguments] + (["callback_id"] if callback else [])
    diagnostics = []
    if not function["any_keyword"]:
        for argument in call.arguments:
            if argument.name not in accepted:
                suggestion = did_you_mean(argument.name, accepted - set(given))
                diagnostics.append(Diagnostic(
                    "DF257", f"`{call.function}` takes no argument `{argument.name}`", argument.span,
                    hint=f"did you mean `{suggestion}`?" if suggestion
                    else "it takes " + (", ".join(f"`{p}`" for p in function["parameters"]) or "no arguments"),
                ))
        if callback and "callback_id" not in accepted:
            diagnostics.append(Diagnostic(
                "DF259", f"`{call.function}` must take a `callback_id` argument", call.function_span,
                hint="a `wait for` action receives the id to hand to the system that will answer",
            ))
    missing = [name for name in function["required"] if name not in given]
    if missing:
        diagnostics.append(Diagnostic(
            "DF258",
            f"`{call.function}` needs " + ", ".join(f"`{name}`" for name in missing),
            call.span,
            hint=f"add {missing[0]}: … to the call",
        ))
    return diagnostics
