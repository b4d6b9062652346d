"""Actions of the flows imported from human-approval-task-token.asl.json by `dflow import`.

Each function calls what the state machine's Task state called, with the
same parameters. An AWS error is raised again as an exception class named
after its error code, and a Lambda function's error as one named after its
`errorType`, so `retry ... on` and `on failure` see the names the machine used.
"""

from __future__ import annotations

import copy
import json
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


def _call(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """One AWS API call; its error is raised again as a class named after its code."""
    try:
        return getattr(_client(service), api)(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {})
        raise _error(
            str(details.get("Code", "ClientError")), str(details.get("Message", error))
        ) from error


def _lambda(function_name: str, payload: Any) -> dict[str, Any]:
    """`lambda:invoke` as Step Functions gives it: the status, the version and the parsed `Payload`."""
    response = _call(
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
