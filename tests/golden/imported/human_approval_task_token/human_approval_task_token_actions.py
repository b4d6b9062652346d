"""Actions of the flows imported from human-approval-task-token.asl.json by `dflow import`.

Each function calls what the state machine's Task state called, with the
same parameters. An AWS error is raised again as an exception class named
after its error code, and a Lambda function's error as one named after its
`errorType`, so `retry ... on` and `on failure` see the names the machine used.
"""

from __future__ import annotations

import copy
import json
import urllib.error
import urllib.request
from typing import Any

import boto3
from botocore.exceptions import ClientError

_CLIENTS: dict[str, Any] = {}
_ERRORS: dict[str, type[Exception]] = {}


def _client(service: str) -> Any:
    if service not in _CLIENTS:
        _CLIENTS[service] = boto3.client(service)
    return _CLIENTS[service]


def _error(code: str, message: str) -> Exception:
    """An exception of a class named after the error code, the same class for the same code."""
    name = (
        "".join(c if c.isalnum() or c == "_" else "_" for c in code.rsplit(".", 1)[-1])
        or "Failed"
    )
    if name[0].isdigit():
        name = "E_" + name
    if name not in _ERRORS:
        _ERRORS[name] = type(name, (Exception,), {"__module__": __name__})
    return _ERRORS[name](message)


def _aws(service: str, api: str, parameters: dict[str, Any]) -> Any:
    try:
        response = getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {})
        raise _error(
            str(details.get("Code", "ClientError")), str(details.get("Message", error))
        ) from error
    response.pop("ResponseMetadata", None)
    return response


def _integration(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """An optimized integration: its text fields sent as JSON text, its HTTP status kept as ASL does."""
    parameters = copy.deepcopy(parameters)
    for field in _JSON_TEXT.get((service, api), ()):
        for holder in parameters.get(field[0], []) if len(field) == 2 else [parameters]:
            key = field[-1]
            if (
                isinstance(holder, dict)
                and key in holder
                and not isinstance(holder[key], str)
            ):
                holder[key] = json.dumps(holder[key])
    try:
        response = getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {})
        raise _error(
            str(details.get("Code", "ClientError")), str(details.get("Message", error))
        ) from error
    metadata = response.pop("ResponseMetadata", {})
    return {
        **response,
        "SdkHttpMetadata": {"HttpStatusCode": metadata.get("HTTPStatusCode", 200)},
    }


# Fields Step Functions sends as JSON text when the machine gives an object: (list field, key) or (key,).
_JSON_TEXT: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("events", "put_events"): (("Entries", "Detail"),),
    ("sns", "publish"): (("Message",),),
    ("sqs", "send_message"): (("MessageBody",),),
}


def _lambda(function_name: str, payload: Any) -> dict[str, Any]:
    """`lambda:invoke` as Step Functions gives it: the status, the version and the parsed `Payload`."""
    response = _aws(
        "lambda",
        "invoke",
        {"FunctionName": function_name, "Payload": json.dumps(payload).encode()},
    )
    body = response["Payload"].read()
    parsed = json.loads(body) if body else None
    if response.get("FunctionError"):
        details = parsed if isinstance(parsed, dict) else {}
        raise _error(
            str(details.get("errorType", "Unhandled")),
            str(details.get("errorMessage", body)),
        )
    return {
        "StatusCode": response.get("StatusCode"),
        "ExecutedVersion": response.get("ExecutedVersion"),
        "Payload": parsed,
    }


def _with_callback_id(
    parameters: dict[str, Any], place: list[Any], callback_id: str
) -> dict[str, Any]:
    """The parameters with the callback id where the machine put its task token."""
    parameters = copy.deepcopy(parameters)
    holder: Any = parameters
    for key in place[:-1]:
        holder = holder[key]
    holder[place[-1]] = callback_id
    return parameters


def _http(endpoint: str, method: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """`http:invoke` without its EventBridge connection: add the connection's authorization here."""
    body = parameters.get("RequestBody")
    request = urllib.request.Request(
        endpoint,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={str(k): str(v) for k, v in (parameters.get("Headers") or {}).items()},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        raise _error(f"StatusCode.{error.code}", error.reason) from error
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = text
    return {"ResponseBody": parsed, "StatusCode": status}


def handle_approval(*, FunctionName: Any, Payload: Any) -> Any:
    """Task 'Handle approval': arn:aws:states:::lambda:invoke."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    return _lambda(parameters["FunctionName"], parameters.get("Payload"))


def handle_failure(*, FunctionName: Any, Payload: Any) -> Any:
    """Task 'Handle failure': arn:aws:states:::lambda:invoke."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    return _lambda(parameters["FunctionName"], parameters.get("Payload"))


def handle_rejection(*, FunctionName: Any, Payload: Any) -> Any:
    """Task 'Handle rejection': arn:aws:states:::lambda:invoke."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    return _lambda(parameters["FunctionName"], parameters.get("Payload"))


def notify_approver(*, FunctionName: Any, Payload: Any, callback_id: str) -> Any:
    """Task 'Notify Approver': arn:aws:states:::lambda:invoke.waitForTaskToken."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    parameters = _with_callback_id(parameters, ["Payload", "taskToken"], callback_id)
    _lambda(parameters["FunctionName"], parameters.get("Payload"))
    return None  # the answer comes back on the callback
