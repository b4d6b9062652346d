"""The helpers an imported actions module carries: real code, checked here, copied into each stub file.

`stubs.py` copies the source of the helpers a module's stubs call (and the
ones those call), so every generated `NAME_actions.py` stands alone and
carries nothing it does not use. `CALLS` and `IMPORTS` say what each needs.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import urllib.error
import urllib.request
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

_CLIENTS: dict[str, Any] = {}
_ERRORS: dict[str, type[Exception]] = {}

# Fields Step Functions sends as JSON text when the machine gives an object: (list field, key) or (key,).
_JSON_TEXT: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("events", "put_events"): (("Entries", "Detail"),),
    ("sns", "publish"): (("Message",),),
    ("sqs", "send_message"): (("MessageBody",),),
}


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
        _ERRORS[name] = type(name, (Exception,), {"__module__": __name__})
    return _ERRORS[name](message)


def _call(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """One AWS API call; its error is raised again as a class named after its code."""
    try:
        return getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {})
        raise _error(str(details.get("Code", "ClientError")), str(details.get("Message", error))) from error


def _aws(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """`aws-sdk:SERVICE:API`: the response without boto3's metadata."""
    response = _call(service, api, parameters)
    response.pop("ResponseMetadata", None)
    return response


def _integration(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """An optimized integration: objects sent as JSON text where Step Functions does, the HTTP status kept."""
    parameters = copy.deepcopy(parameters)
    for field in _JSON_TEXT.get((service, api), ()):
        holders = parameters.get(field[0], []) if len(field) == 2 else [parameters]
        for holder in holders:
            key = field[-1]
            if isinstance(holder, dict) and key in holder and not isinstance(holder[key], str):
                holder[key] = json.dumps(holder[key])
    response = _call(service, api, parameters)
    metadata = response.pop("ResponseMetadata", {})
    return {**response, "SdkHttpMetadata": {"HttpStatusCode": metadata.get("HTTPStatusCode", 200)}}


def _lambda(function_name: str, payload: Any) -> dict[str, Any]:
    """`lambda:invoke` as Step Functions gives it: the status, the version and the parsed `Payload`."""
    response = _call("lambda", "invoke", {"FunctionName": function_name, "Payload": json.dumps(payload).encode()})
    body = response["Payload"].read()
    parsed = json.loads(body) if body else None
    if response.get("FunctionError"):
        details = parsed if isinstance(parsed, dict) else {}
        raise _error(str(details.get("errorType", "Unhandled")), str(details.get("errorMessage", body)))
    return {"StatusCode": response.get("StatusCode"), "ExecutedVersion": response.get("ExecutedVersion"),
            "Payload": parsed}


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
            found += [{**item, "LastModified": str(item.get("LastModified"))} for item in page.get("Contents", [])]
        return found
    body = _call("s3", "get_object", parameters)["Body"].read().decode("utf-8")
    if input_type == "JSONL":
        return [json.loads(line) for line in body.splitlines() if line.strip()]
    if input_type == "CSV":
        return list(csv.DictReader(io.StringIO(body)))
    items = json.loads(body)
    return items if isinstance(items, list) else [items]


def _http(endpoint: str, method: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """`http:invoke` without its EventBridge connection: add the connection's authorization here."""
    body = parameters.get("RequestBody")
    headers = {str(k): str(v) for k, v in (parameters.get("Headers") or {}).items()}
    data = json.dumps(body).encode() if body else None
    request = urllib.request.Request(endpoint, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        raise _error(f"StatusCode.{error.code}", str(error.reason)) from error
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = text
    return {"ResponseBody": parsed, "StatusCode": status}


# What each helper calls, and the module-level names it reads.
CALLS: dict[str, tuple[str, ...]] = {
    "_client": ("_CLIENTS",),
    "_error": ("_ERRORS",),
    "_call": ("_client", "_error"),
    "_aws": ("_call",),
    "_integration": ("_call", "_JSON_TEXT"),
    "_lambda": ("_call", "_error"),
    "_with_callback_id": (),
    "_read_items": ("_client", "_call"),
    "_http": ("_error",),
}
IMPORTS: dict[str, tuple[str, ...]] = {
    "_client": ("import boto3",),
    "_call": ("from botocore.exceptions import ClientError",),
    "_integration": ("import copy", "import json"),
    "_lambda": ("import json",),
    "_with_callback_id": ("import copy",),
    "_read_items": ("import csv", "import io", "import json"),
    "_http": ("import json", "import urllib.error", "import urllib.request"),
}
