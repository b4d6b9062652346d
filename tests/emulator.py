"""The SDK testing package's HTTP emulator (`WebRunner`, what `dex-local-runner` serves), for tests.

The emulator serves Lambda's durable execution APIs over HTTP, as AWS does,
and runs each invocation of a handler by calling Lambda's Invoke API at a
"Lambda endpoint" (in the cloud, Lambda; locally, `sam local start-lambda`).
`LambdaEndpoint` is the smallest such endpoint: it runs one handler in this
process. The handler's SDK, and any boto3 client the test makes, reach the
emulator through `AWS_ENDPOINT_URL_LAMBDA`, as they would reach Lambda.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Handler = Callable[[Any, Any], Any]


class LambdaEndpoint:
    """`POST /2015-03-31/functions/NAME/invocations` → `handler(payload, context)`, on a free port."""

    def __init__(self, handler: Handler) -> None:
        from aws_durable_execution_sdk_python_testing.invoker import create_test_lambda_context

        outer = self

        class Invocations(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                name = self.path.split("/functions/", 1)[-1].split("/", 1)[0]
                payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"null")
                try:
                    body, headers = json.dumps(outer.handler(payload, create_test_lambda_context(function_name=name))), {}
                except Exception as error:  # noqa: BLE001 - reported as Lambda reports a function error
                    body, headers = json.dumps({"errorMessage": str(error), "errorType": type(error).__name__}), {
                        "X-Amz-Function-Error": "Unhandled"
                    }
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: Any) -> None:
                return

        self.handler = handler
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Invocations)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@dataclass
class Emulator:
    """A running emulator: `url` for boto3, and helpers to start and watch executions."""

    url: str
    client: Any

    def start(self, function_name: str, event: dict[str, Any]) -> str:
        """StartDurableExecution (the emulator's own route; in AWS, an Invoke of the function)."""
        request = {
            "AccountId": "123456789012",
            "FunctionName": function_name,
            "FunctionQualifier": "$LATEST",
            "ExecutionName": f"{function_name}-{uuid.uuid4().hex[:8]}",
            "ExecutionTimeoutSeconds": 60,
            "ExecutionRetentionPeriodDays": 1,
            "InvocationId": str(uuid.uuid4()),
            "Input": json.dumps(event),
        }
        post = urllib.request.Request(
            f"{self.url}/start-durable-execution", data=json.dumps(request).encode(),
            headers={"Content-Type": "application/json"}, method="POST",
        )
        with urllib.request.urlopen(post, timeout=10) as response:  # noqa: S310 - loopback only
            return str(json.loads(response.read())["ExecutionArn"])

    def pending_callback(self, arn: str, name: str, timeout: float = 10) -> str:
        """The id of the callback `name` once the execution has started it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
            for event in events:
                details = event.get("CallbackStartedDetails")
                if details and event.get("Name") == name:
                    return str(details["CallbackId"])
            time.sleep(0.05)
        raise TimeoutError(f"no callback {name!r} started within {timeout} s")

    def outcome(self, arn: str, timeout: float = 20) -> dict[str, Any]:
        """GetDurableExecution once the execution has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            execution: dict[str, Any] = self.client.get_durable_execution(DurableExecutionArn=arn)
            if execution["Status"] not in ("RUNNING", "PENDING"):
                return execution
            time.sleep(0.05)
        raise TimeoutError(f"{arn} still running after {timeout} s")


@contextmanager
def emulator(handler: Handler, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    """The emulator and a Lambda endpoint running `handler`, both on loopback, stopped afterwards."""
    import boto3
    from aws_durable_execution_sdk_python.lambda_service import LambdaClient
    from aws_durable_execution_sdk_python_testing.runner import WebRunner, WebRunnerConfig
    from aws_durable_execution_sdk_python_testing.web.server import WebServiceConfig

    endpoint = LambdaEndpoint(handler)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ENDPOINT_URL_LAMBDA": url, "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-2",
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    # The SDK keeps one boto3 client per process; this test's must reach the emulator.
    monkeypatch.setattr(LambdaClient, "_cached_boto_client", None)
    config = WebRunnerConfig(
        web_service=WebServiceConfig(host="127.0.0.1", port=port),
        lambda_endpoint=endpoint.url, local_runner_endpoint=url, skip_time=True,
    )
    threads = [threading.Thread(target=endpoint.server.serve_forever, daemon=True)]
    with WebRunner(config) as runner:
        threads.append(threading.Thread(target=runner.serve_forever, daemon=True))
        for thread in threads:
            thread.start()
        try:
            yield Emulator(url, boto3.client("lambda", endpoint_url=url, region_name="us-west-2"))
        finally:
            # WebRunner.stop closes its socket but does not end serve_forever's loop.
            runner._server.shutdown()
            endpoint.server.shutdown()
            endpoint.server.server_close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
