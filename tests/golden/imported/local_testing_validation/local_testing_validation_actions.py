"""Actions of the flows imported from local-testing-validation.asl.json by `dflow import`.

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


def add_to_follow_up(*, TableName: Any, Item: Any) -> Any:
    """Task 'Add to FollowUp': arn:aws:states:::dynamodb:putItem."""
    parameters: dict[str, Any] = {"TableName": TableName, "Item": Item}
    return _integration("dynamodb", "put_item", parameters)


def check_address(*, FunctionName: Any, Payload: Any) -> Any:
    """Task 'Check Address': arn:aws:states:::lambda:invoke."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    return _lambda(parameters["FunctionName"], parameters.get("Payload"))


def check_identity(*, FunctionName: Any, Payload: Any) -> Any:
    """Task 'Check Identity': arn:aws:states:::lambda:invoke."""
    parameters: dict[str, Any] = {"FunctionName": FunctionName, "Payload": Payload}
    return _lambda(parameters["FunctionName"], parameters.get("Payload"))


def custom_validation_failed(*, Entries: Any) -> Any:
    """Task 'CustomValidationFailed': arn:aws:states:::events:putEvents."""
    parameters: dict[str, Any] = {"Entries": Entries}
    return _integration("events", "put_events", parameters)


def customer_added_to_followup(*, Entries: Any) -> Any:
    """Task 'CustomerAddedToFollowup': arn:aws:states:::events:putEvents."""
    parameters: dict[str, Any] = {"Entries": Entries}
    return _integration("events", "put_events", parameters)


def detect_sentiment(*, LanguageCode: Any, Text: Any) -> Any:
    """Task 'DetectSentiment': arn:aws:states:::aws-sdk:comprehend:detectSentiment."""
    parameters: dict[str, Any] = {"LanguageCode": LanguageCode, "Text": Text}
    return _aws("comprehend", "detect_sentiment", parameters)


def negative_sentiment_detected(*, Entries: Any) -> Any:
    """Task 'NegativeSentimentDetected': arn:aws:states:::events:putEvents."""
    parameters: dict[str, Any] = {"Entries": Entries}
    return _integration("events", "put_events", parameters)


def validation_exception(*, Entries: Any) -> Any:
    """Task 'ValidationException': arn:aws:states:::events:putEvents."""
    parameters: dict[str, Any] = {"Entries": Entries}
    return _integration("events", "put_events", parameters)
