"""Actions of the flows imported from jsonata-map-poll-loop.asl.json by `dflow import`.

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


def _http(endpoint: str, method: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """`http:invoke` without its EventBridge connection: add the connection's authorization here."""
    body = parameters.get("RequestBody")
    headers = {str(k): str(v) for k, v in (parameters.get("Headers") or {}).items()}
    data = json.dumps(body).encode() if body else None
    request = urllib.request.Request(
        endpoint, method=method, data=data, headers=headers
    )
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


def combine_part_files(*, JobName: Any, Arguments: Any) -> Any:
    """Task 'Combine Part Files': arn:aws:states:::glue:startJobRun."""
    parameters: dict[str, Any] = {"JobName": JobName, "Arguments": Arguments}
    return _integration("glue", "start_job_run", parameters)


def get_location_summary(
    *, ApiEndpoint: Any, Method: Any, InvocationConfig: Any
) -> Any:
    """Task 'Get location Summary': arn:aws:states:::http:invoke."""
    parameters: dict[str, Any] = {
        "ApiEndpoint": ApiEndpoint,
        "Method": Method,
        "InvocationConfig": InvocationConfig,
    }
    return _http(parameters["ApiEndpoint"], parameters.get("Method", "GET"), parameters)


def get_third_party_locations(
    *, TableName: Any, KeyConditionExpression: Any, ExpressionAttributeValues: Any
) -> Any:
    """Task 'Get Third-party locations': arn:aws:states:::aws-sdk:dynamodb:query."""
    parameters: dict[str, Any] = {
        "TableName": TableName,
        "KeyConditionExpression": KeyConditionExpression,
        "ExpressionAttributeValues": ExpressionAttributeValues,
    }
    return _aws("dynamodb", "query", parameters)


def has_job_finish(*, JobName: Any, RunId: Any) -> Any:
    """Task 'Has Job Finish': arn:aws:states:::aws-sdk:glue:getJobRun."""
    parameters: dict[str, Any] = {"JobName": JobName, "RunId": RunId}
    return _aws("glue", "get_job_run", parameters)


def update_dynamo_db(
    *,
    TableName: Any,
    Key: Any,
    UpdateExpression: Any,
    ExpressionAttributeValues: Any,
    ExpressionAttributeNames: Any,
) -> Any:
    """Task 'Update DynamoDb': arn:aws:states:::dynamodb:updateItem."""
    parameters: dict[str, Any] = {
        "TableName": TableName,
        "Key": Key,
        "UpdateExpression": UpdateExpression,
        "ExpressionAttributeValues": ExpressionAttributeValues,
        "ExpressionAttributeNames": ExpressionAttributeNames,
    }
    return _integration("dynamodb", "update_item", parameters)
