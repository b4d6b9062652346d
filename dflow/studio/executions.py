"""A deployed function's durable executions, read with boto3: the list, and one's history as a timeline.

The client is boto3's, configured as boto3 configures itself (credentials,
region, `AWS_ENDPOINT_URL_LAMBDA`), unless the page gives an endpoint and a
region: the SDK testing package's HTTP emulator, for instance.
"""

from __future__ import annotations

from typing import Any

class ExecutionsError(Exception):
    """boto3 or the service said no; the message says what."""


def client(endpoint: str | None, region: str | None) -> Any:
    try:
        import boto3  # type: ignore[import-untyped]
        from botocore.config import Config  # type: ignore[import-untyped]
    except ImportError as error:
        raise ExecutionsError("boto3 is not installed: pip install 'dflow[run]'") from error
    options: dict[str, Any] = {"config": Config(retries={"max_attempts": 2}, connect_timeout=5, read_timeout=20)}
    if endpoint:
        options["endpoint_url"] = endpoint
    if region:
        options["region_name"] = region
    try:
        return boto3.client("lambda", **options)
    except Exception as error:  # noqa: BLE001 - no region, bad endpoint: said on the page
        raise ExecutionsError(str(error)) from error


def list_executions(function: str, endpoint: str | None, region: str | None) -> list[dict[str, Any]]:
    """The function's executions, newest first as the service lists them."""
    lambda_client = client(endpoint, region)
    try:
        page = lambda_client.list_durable_executions_by_function(FunctionName=function, MaxItems=50)
    except Exception as error:  # noqa: BLE001 - credentials, permissions, an unknown function
        raise ExecutionsError(str(error)) from error
    return [
        {
            "arn": item.get("DurableExecutionArn"),
            "name": item.get("DurableExecutionName"),
            "status": str(item.get("Status", "")).lower(),
            "started": _time(item.get("StartTimestamp")),
        }
        for item in page.get("DurableExecutions", [])
    ]


def history(arn: str, endpoint: str | None, region: str | None) -> dict[str, Any]:
    """`{status, events}`: the execution's history as timeline events, each operation's start and end."""
    lambda_client = client(endpoint, region)
    try:
        execution = lambda_client.get_durable_execution(DurableExecutionArn=arn)
        events: list[dict[str, Any]] = []
        marker: str | None = None
        while True:
            options = {"DurableExecutionArn": arn, "IncludeExecutionData": True}
            if marker:
                options["Marker"] = marker
            page = lambda_client.get_durable_execution_history(**options)
            events += page.get("Events", [])
            marker = page.get("NextMarker")
            if not marker:
                break
    except Exception as error:  # noqa: BLE001
        raise ExecutionsError(str(error)) from error
    return {"status": str(execution.get("Status", "")).lower(), "events": _events(events)}


def _events(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history in the flow's words, as `dflow run` shows it: `payment` a callback, not its parts."""
    from aws_durable_execution_sdk_python_testing.model import Event

    from dflow.local.timeline import read_history

    return [
        {"name": item.name, "kind": item.kind, "status": item.status, "detail": item.detail,
         "seconds": item.seconds, "top_level": item.top_level}
        for item in read_history([Event.from_dict(event) for event in raw])
    ]


def _time(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value else None)
