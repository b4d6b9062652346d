"""Run as `python -m dflow.actions.probe MODULE…`: print the signatures of each module's functions.

It runs in its own process so that importing a user's actions module can
neither change nor crash dflow; it imports modules and calls no action.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from typing import Any

KEYWORD_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def describe(module_name: str) -> dict[str, Any]:
    """`{"functions": {name: {...}}}`, or `{"error": text}` when the import fails."""
    try:
        module = importlib.import_module(module_name)
    except BaseException as error:  # noqa: BLE001 - any failure of user code is reported, not raised
        return {"error": f"{type(error).__name__}: {error}"}
    functions = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not callable(value):
            continue
        try:
            signature = inspect.signature(value)
        except (TypeError, ValueError):
            continue
        parameters = signature.parameters.values()
        functions[name] = {
            **_where(value),
            "parameters": [p.name for p in parameters if p.kind in KEYWORD_KINDS],
            "required": [
                p.name for p in parameters if p.kind in KEYWORD_KINDS and p.default is p.empty
            ],
            "any_keyword": any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters),
        }
    return {"functions": functions}


def _where(value: Any) -> dict[str, Any]:
    """The file and line that define a function, for an editor's go to definition."""
    try:
        return {"file": inspect.getsourcefile(value), "line": inspect.getsourcelines(value)[1]}
    except (TypeError, OSError):
        return {}


def main(modules: list[str]) -> None:
    json.dump({name: describe(name) for name in modules}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
