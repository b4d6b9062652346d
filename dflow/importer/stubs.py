"""`NAME_actions.py`: one function per action, calling what the Task called.

AWS APIs go through boto3, and an error comes back as an exception class
named after its error code (`ConditionalCheckFailedException`), so the
flow's `retry … on` and `on failure` see the names the machine used. A
Lambda function's own error becomes a class named after its `errorType`.
"""

from __future__ import annotations

import inspect
import re

from dflow.importer import stub_helpers
from dflow.importer.tasks import Action

HEADER = '''"""Actions of the flows imported from {source} by `dflow import`.

Each function calls what the state machine's Task state called, with the
same parameters. An AWS error is raised again as an exception class named
after its error code, and a Lambda function's error as one named after its
`errorType`, so `retry ... on` and `on failure` see the names the machine used.
"""

from __future__ import annotations
'''

STANDARD_LIBRARY = ("import copy", "import csv", "import io", "import json", "import urllib.error",
                    "import urllib.request", "from typing import Any")
# The module-level values helpers read, in the order a module defines them.
VALUES = ("_CLIENTS", "_ERRORS", "_JSON_TEXT")


def stubs_module(actions: list[Action], source: str) -> str:
    from dflow.compiler.format import format_python

    functions = [_function(action) for action in sorted(actions, key=lambda a: a.name)]
    needed = _needed({name for text in functions for name in stub_helpers.CALLS if f"{name}(" in text})
    imports = {line for name in needed for line in stub_helpers.IMPORTS.get(name, ())} | {"from typing import Any"}
    lines = [line for line in STANDARD_LIBRARY if line in imports]
    third_party = sorted(imports - set(STANDARD_LIBRARY), key=lambda line: (line.startswith("from "), line))
    parts = [HEADER.format(source=source).rstrip("\n"),
             "\n".join(lines) + ("\n\n" + "\n".join(third_party) if third_party else "")]
    parts += [_value_source(name) for name in VALUES if name in needed]
    parts += [inspect.getsource(getattr(stub_helpers, name)) for name in stub_helpers.CALLS if name in needed]
    return format_python("\n\n".join([*parts, *functions]))


def _value_source(name: str) -> str:
    """A module-level value of `stub_helpers` as written there, with the comment above it."""
    lines = inspect.getsource(stub_helpers).split("\n")
    start = next(index for index, line in enumerate(lines) if line.startswith(f"{name}:"))
    end = start
    while end + 1 < len(lines) and lines[end + 1].strip() and not lines[end + 1].startswith("_"):
        end += 1
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return "\n".join(lines[start : end + 1])


def _needed(called: set[str]) -> set[str]:
    """The helpers called and every helper or value they read, transitively."""
    needed, pending = set(), list(called)
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending += stub_helpers.CALLS.get(name, ())
    return needed


def _function(action: Action) -> str:
    resource = action.resource
    parameters = [f"{argument}: Any" for argument, _ in action.arguments]
    if resource.callback:
        parameters.append("callback_id: str")
    signature = f"def {action.name}(*, {', '.join(parameters)}) -> Any:" if parameters else f"def {action.name}() -> Any:"
    mapping = "{" + ", ".join(f"{key!r}: {argument}" for argument, key in action.arguments) + "}"
    doc = f'    """Task {action.state!r}: {action.resource_text}."""'
    if resource.kind == "item_reader":
        doc = f'    """The items of Map {action.state!r}: {action.resource_text} ({action.input_type})."""'
    body = ["    parameters: dict[str, Any] = " + mapping]
    for place in action.token_keys:
        body.append(f"    parameters = _with_callback_id(parameters, {place!r}, callback_id)")
    if resource.kind == "activity":
        return "\n".join([signature, f'    """Task {action.state!r}: the activity {action.resource_text}.', "",
                          "    Left for a person: an activity's worker polls GetActivityTask and answers with",
                          "    SendTaskSuccess. Send `callback_id` to that worker instead; it answers the flow's",
                          '    callback (see `dflow run --help`)."""',
                          '    raise NotImplementedError("hand the callback id to the activity\'s worker")'])
    if resource.kind == "item_reader":
        call = f"_read_items({resource.boto3_method!r}, parameters, {action.input_type!r})"
    elif resource.kind == "lambda":
        call = '_lambda(parameters["FunctionName"], parameters.get("Payload"))'
    elif resource.kind == "lambda_arn":
        target = re.sub(r"^\$\{(.*)\}$", r"\1", action.resource_text)
        call = f'_lambda({target!r}, parameters.get("Payload"))["Payload"]'
    elif resource.kind == "http":
        call = '_http(parameters["ApiEndpoint"], parameters.get("Method", "GET"), parameters)'
    elif resource.kind == "sdk":
        call = f"_aws({resource.boto3_client!r}, {resource.boto3_method!r}, parameters)"
    else:
        call = f"_integration({resource.boto3_client!r}, {resource.boto3_method!r}, parameters)"
    if resource.callback:
        body.append(f"    {call}")
        body.append("    return None  # the answer comes back on the callback")
    else:
        body.append(f"    return {call}")
    return "\n".join([signature, doc, *body])
