"""`NAME_actions.py`: one function per action, calling what the Task called.

AWS APIs go through boto3, and an error comes back as an exception class
named after its error code (`ConditionalCheckFailedException`), so the
flow's `retry … on` and `on failure` see the names the machine used. A
Lambda function's own error becomes a class named after its `errorType`.
"""

from __future__ import annotations

import re

from dflow.importer.tasks import Action

HEADER = '''"""Actions of the flows imported from {source} by `dflow import`.

Each function calls what the state machine's Task state called, with the
same parameters. An AWS error is raised again as an exception class named
after its error code, and a Lambda function's error as one named after its
`errorType`, so `retry ... on` and `on failure` see the names the machine used.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import urllib.error
import urllib.request
from typing import Any

import boto3
from botocore.exceptions import ClientError

_CLIENTS: dict[str, Any] = {{}}
_ERRORS: dict[str, type[Exception]] = {{}}


def _client(service: str) -> Any:
    if service not in _CLIENTS:
        _CLIENTS[service] = boto3.client(service)
    return _CLIENTS[service]


def _error(code: str, message: str) -> Exception:
    """An exception of a class named after the error code, the same class for the same code."""
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in code.rsplit(".", 1)[-1]) or "Failed"
    if name[0].isdigit():
        name = "E_" + name
    if name not in _ERRORS:
        _ERRORS[name] = type(name, (Exception,), {{"__module__": __name__}})
    return _ERRORS[name](message)


def _aws(service: str, api: str, parameters: dict[str, Any]) -> Any:
    try:
        response = getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {{}})
        raise _error(str(details.get("Code", "ClientError")), str(details.get("Message", error))) from error
    response.pop("ResponseMetadata", None)
    return response


def _integration(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """An optimized integration: its text fields sent as JSON text, its HTTP status kept as ASL does."""
    parameters = copy.deepcopy(parameters)
    for field in _JSON_TEXT.get((service, api), ()):
        for holder in parameters.get(field[0], []) if len(field) == 2 else [parameters]:
            key = field[-1]
            if isinstance(holder, dict) and key in holder and not isinstance(holder[key], str):
                holder[key] = json.dumps(holder[key])
    try:
        response = getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {{}})
        raise _error(str(details.get("Code", "ClientError")), str(details.get("Message", error))) from error
    metadata = response.pop("ResponseMetadata", {{}})
    return {{**response, "SdkHttpMetadata": {{"HttpStatusCode": metadata.get("HTTPStatusCode", 200)}}}}


# Fields Step Functions sends as JSON text when the machine gives an object: (list field, key) or (key,).
_JSON_TEXT: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {{
    ("events", "put_events"): (("Entries", "Detail"),),
    ("sns", "publish"): (("Message",),),
    ("sqs", "send_message"): (("MessageBody",),),
}}


def _lambda(function_name: str, payload: Any) -> dict[str, Any]:
    """`lambda:invoke` as Step Functions gives it: the status, the version and the parsed `Payload`."""
    response = _aws("lambda", "invoke", {{"FunctionName": function_name, "Payload": json.dumps(payload).encode()}})
    body = response["Payload"].read()
    parsed = json.loads(body) if body else None
    if response.get("FunctionError"):
        details = parsed if isinstance(parsed, dict) else {{}}
        raise _error(str(details.get("errorType", "Unhandled")), str(details.get("errorMessage", body)))
    return {{"StatusCode": response.get("StatusCode"), "ExecutedVersion": response.get("ExecutedVersion"),
            "Payload": parsed}}


def _with_callback_id(parameters: dict[str, Any], place: list[Any], callback_id: str) -> dict[str, Any]:
    """The parameters with the callback id where the machine put its task token."""
    parameters = copy.deepcopy(parameters)
    holder: Any = parameters
    for key in place[:-1]:
        holder = holder[key]
    holder[place[-1]] = callback_id
    return parameters


def _read_items(api: str, parameters: dict[str, Any], input_type: str) -> list[Any]:
    """A DISTRIBUTED Map's `ItemReader`: the objects under a prefix, or the items of one object."""
    if api == "list_objects_v2":
        found: list[Any] = []
        for page in _client("s3").get_paginator("list_objects_v2").paginate(**parameters):
            found += [{{**item, "LastModified": str(item.get("LastModified"))}} for item in page.get("Contents", [])]
        return found
    body = _aws("s3", "get_object", parameters)["Body"].read().decode("utf-8")
    if input_type == "JSONL":
        return [json.loads(line) for line in body.splitlines() if line.strip()]
    if input_type == "CSV":
        return list(csv.DictReader(io.StringIO(body)))
    items = json.loads(body)
    return items if isinstance(items, list) else [items]


def _http(endpoint: str, method: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """`http:invoke` without its EventBridge connection: add the connection's authorization here."""
    body = parameters.get("RequestBody")
    request = urllib.request.Request(endpoint, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={{str(k): str(v) for k, v in (parameters.get("Headers") or {{}}).items()}})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        raise _error(f"StatusCode.{{error.code}}", error.reason) from error
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = text
    return {{"ResponseBody": parsed, "StatusCode": status}}
'''


def stubs_module(actions: list[Action], source: str) -> str:
    from dflow.compiler.format import format_python

    parts = [HEADER.format(source=source)]
    for action in sorted(actions, key=lambda a: a.name):
        parts.append(_function(action))
    return format_python("\n\n".join(parts))


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
