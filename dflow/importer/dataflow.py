"""How a state's input becomes its output: ASL's paths and JSONata's `Output` as one expression.

JSONPath: `InputPath` picks the input, `Parameters` shapes it, the result is
shaped by `ResultSelector`, put into the input at `ResultPath` and picked by
`OutputPath`. JSONata: `Arguments` and `Output`. The flow keeps the whole
state in one name and gives it its new value with `set`.
"""

from __future__ import annotations

from typing import Any

from dflow.importer import exprs as e
from dflow.importer import jsonata, jsonpath
from dflow.importer.env import Env, Unsupported
from dflow.importer.exprs import Expr


def uses_jsonata(state: dict[str, Any], region_jsonata: bool) -> bool:
    language = state.get("QueryLanguage")
    return language == "JSONata" if language else region_jsonata


def effective_input(state: dict[str, Any], env: Env) -> Expr:
    """JSONPath's `InputPath`: `$` when absent, `{}` when null."""
    if "InputPath" not in state:
        return env.input
    if state["InputPath"] is None:
        return {}
    return path_or_todo(state["InputPath"], env, "InputPath")


def path_or_todo(path: str, env: Env, field_name: str) -> Expr:
    try:
        return jsonpath.read_path(path, env)
    except Unsupported as problem:
        env.todo("unsupported", path, f"the whole state is used ({problem})", field_name)
        return env.input


def shaped(state: dict[str, Any], key: str, env: Env, base: Expr) -> Expr:
    """A template field (`Parameters`, `ResultSelector`, `ItemSelector`) over `base`, or `base` alone."""
    if key not in state:
        return base
    env.field_name = key
    saved, env.input = env.input, base
    try:
        return jsonpath.template(state[key], env)
    finally:
        env.input = saved


def output(state: dict[str, Any], env: Env, result: Expr | None, jsonata_mode: bool) -> Expr:
    """The state's output, from its input (`env.input`) and what it produced (`result`)."""
    if jsonata_mode:
        env.result = result
        env.field_name = "Output"
        if "Output" in state:
            return jsonata.read_value(state["Output"], env)
        return result if result is not None else env.input
    selected = result
    if result is not None and "ResultSelector" in state:
        selected = shaped(state, "ResultSelector", env, result)
    if selected is None:
        combined = env.input
    elif "ResultPath" not in state or state["ResultPath"] == "$":
        combined = selected
    elif state["ResultPath"] is None:
        combined = env.input
    else:
        combined = result_path(state["ResultPath"], env, selected)
    return output_path(state, env, combined)


def result_path(path: str, env: Env, value: Expr) -> Expr:
    try:
        root, keys = jsonpath.parse_path(path)
        if root != "$":
            raise Unsupported("a ResultPath starts with $")
        return e.set_at(env.input, keys, value)
    except (Unsupported, ValueError) as problem:
        env.todo("unsupported", path, f"the result replaces the state ({problem})", "ResultPath")
        return value


def output_path(state: dict[str, Any], env: Env, combined: Expr) -> Expr:
    if "OutputPath" not in state or state["OutputPath"] == "$":
        return combined
    if state["OutputPath"] is None:
        return {}
    saved, env.input = env.input, combined
    try:
        return path_or_todo(state["OutputPath"], env, "OutputPath")
    finally:
        env.input = saved


def assignments(state: dict[str, Any], env: Env, result: Expr | None, jsonata_mode: bool) -> list[tuple[str, Expr]]:
    """`Assign`: each variable and its new value (read before any of them changes)."""
    assign = state.get("Assign")
    if not isinstance(assign, dict):
        return []
    env.result, env.field_name = result, "Assign"
    found: list[tuple[str, Expr]] = []
    for variable, raw in assign.items():
        if jsonata_mode:
            found.append((variable, jsonata.read_value(raw, env)))
        elif isinstance(raw, str) and variable.endswith(".$"):
            found.append((variable[:-2], jsonpath.dynamic(raw, env)))
        else:
            found.append((variable, jsonpath.template(raw, env)))
    return found


def error_value(alias: str) -> Expr:
    """What a catcher puts in the state: ASL's `{Error, Cause}`."""
    return {"Error": f"{alias}.type", "Cause": f"{alias}.message"}


def caught(catcher: dict[str, Any], env: Env, alias: str, jsonata_mode: bool) -> Expr:
    """The state after a catcher: `ResultPath` (JSONPath) or `Output` (JSONata) of the error."""
    error = error_value(alias)
    if jsonata_mode:
        if "Output" not in catcher:
            return error
        env.field_name = "Catch.Output"
        env.result = error
        return jsonata.read_value(catcher["Output"], env)
    if "ResultPath" not in catcher or catcher["ResultPath"] == "$":
        return error
    if catcher["ResultPath"] is None:
        return env.input
    return result_path(catcher["ResultPath"], env, error)
