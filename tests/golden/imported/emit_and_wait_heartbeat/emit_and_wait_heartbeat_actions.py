"""Actions of the flows imported from emit-and-wait-heartbeat.asl.json by `dflow import`.

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


def _integration(service: str, api: str, parameters: dict[str, Any]) -> Any:
    """An optimized integration: objects sent as JSON text where Step Functions does, the HTTP status kept."""
    parameters = copy.deepcopy(parameters)
    for field in _JSON_TEXT.get((service, api), ()):
        holders = parameters.get(field[0], []) if len(field) == 2 else [parameters]
        for holder in holders:
            key = field[-1]
            if (
                isinstance(holder, dict)
                and key in holder
                and not isinstance(holder[key], str)
            ):
                holder[key] = json.dumps(holder[key])
    response = _call(service, api, parameters)
    metadata = response.pop("ResponseMetadata", {})
    return {
        **response,
        "SdkHttpMetadata": {"HttpStatusCode": metadata.get("HTTPStatusCode", 200)},
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


def emit_phase_1(*, Entries: Any, callback_id: str) -> Any:
    """Task 'Emit - PHASE 1': arn:aws:states:::events:putEvents.waitForTaskToken."""
    parameters: dict[str, Any] = {"Entries": Entries}
    parameters = _with_callback_id(
        parameters, ["Entries", 0, "Detail", "TaskToken"], callback_id
    )
    _integration("events", "put_events", parameters)
    return None  # the answer comes back on the callback


def emit_phase_2(*, Entries: Any, callback_id: str) -> Any:
    """Task 'Emit - PHASE 2': arn:aws:states:::events:putEvents.waitForTaskToken."""
    parameters: dict[str, Any] = {"Entries": Entries}
    parameters = _with_callback_id(
        parameters, ["Entries", 0, "Detail", "TaskToken"], callback_id
    )
    _integration("events", "put_events", parameters)
    return None  # the answer comes back on the callback


def emit_phase_3(*, Entries: Any, callback_id: str) -> Any:
    """Task 'Emit - PHASE 3': arn:aws:states:::events:putEvents.waitForTaskToken."""
    parameters: dict[str, Any] = {"Entries": Entries}
    parameters = _with_callback_id(
        parameters, ["Entries", 0, "Detail", "TaskToken"], callback_id
    )
    _integration("events", "put_events", parameters)
    return None  # the answer comes back on the callback


def emit_timedout(*, Entries: Any) -> Any:
    """Task 'Emit - TIMEDOUT': arn:aws:states:::events:putEvents."""
    parameters: dict[str, Any] = {"Entries": Entries}
    return _integration("events", "put_events", parameters)
