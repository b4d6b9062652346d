"""The callback endpoint `dflow build` deploys, run against the SDK's HTTP emulator.

An execution of the vending flow, started on the emulator, waits for its
payment; the endpoint's handler is called as API Gateway calls it, and its
boto3 client answers the callback through the emulator's Lambda API, as it
would through Lambda's. Nothing here stands in for the SDK or the endpoint.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest

from dflow.cli import main as dflow
from tests.emulator import Emulator, emulator

ROOT = Path(__file__).resolve().parents[1]
ORDER = {"order_id": "o-1", "slot": "A1", "price_cents": 250}
PAYMENT = "payment create callback id"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `dflow new` and built by `dflow build`."""
    project = tmp_path_factory.mktemp("shop") / "shop"
    assert dflow(["new", str(project)]) == 0
    assert dflow(["build", "--project", str(project)]) == 0
    return project / "build"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def endpoint(built: Path) -> ModuleType:
    module = load(built / "callbacks" / "dflow_callbacks.py", "dflow_callbacks")
    module.reset_client()
    return module


@pytest.fixture
def vending(built: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ModuleType, Any]]:
    """The built handler and the built actions package, as Lambda would import them.

    The examples' own `vending` package may be imported in this process too:
    the built one is taken out of `sys.modules` afterwards, whichever came first.
    """
    def ours(name: str) -> bool:
        return name in ("vending", "vending_handler") or name.startswith("vending.")

    before = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in before:
        del sys.modules[name]
    monkeypatch.syspath_prepend(str(built / "code"))
    handler = load(built / "code" / "vending_handler.py", "vending_handler")
    actions = importlib.import_module("vending.actions")
    actions.reset({"A1": 3})
    try:
        yield handler, actions
    finally:
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(before)


@pytest.fixture
def running(vending: tuple[ModuleType, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with emulator(vending[0].handler, monkeypatch) as service:
        yield service


def api_request(action: str, callback_id: str, body: str = "", headers: dict[str, str] | None = None) -> dict[str, Any]:
    """What API Gateway's HTTP API (payload 2.0) hands the function for `POST …/{callback_id}/ACTION`."""
    encoded = quote(callback_id, safe="")
    return {
        "version": "2.0",
        "routeKey": f"POST /vending/callbacks/{{callback_id}}/{action}",
        "rawPath": f"/vending/callbacks/{encoded}/{action}",
        "headers": {"content-type": "application/json", **(headers or {})},
        "pathParameters": {"callback_id": encoded},
        "requestContext": {"http": {"method": "POST", "path": f"/vending/callbacks/{encoded}/{action}"}},
        "body": body,
        "isBase64Encoded": False,
    }


def test_an_approved_payment_sent_to_the_endpoint_completes_the_waiting_execution(
    running: Emulator, endpoint: ModuleType, vending: tuple[ModuleType, Any]
) -> None:
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)
    assert vending[1].MACHINE.payment_requests["o-1"]["callback_id"] == callback_id

    response = endpoint.handler(api_request("succeed", callback_id, '{"status": "approved"}'), None)

    assert response["statusCode"] == 200, response
    outcome = running.outcome(arn)
    assert outcome["Status"] == "SUCCEEDED"
    assert json.loads(outcome["Result"]) == {"status": "dispensed", "order_id": "o-1"}
    assert vending[1].MACHINE.stock["A1"] == 2


def test_a_failure_sent_to_the_endpoint_fails_the_callback_and_undoes_the_reservation(
    running: Emulator, endpoint: ModuleType, vending: tuple[ModuleType, Any]
) -> None:
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)

    body = json.dumps({"error": "TerminalOffline", "message": "the card terminal is offline"})
    response = endpoint.handler(api_request("fail", callback_id, body), None)

    assert response["statusCode"] == 200, response
    outcome = running.outcome(arn)
    assert outcome["Status"] == "FAILED"
    assert "the card terminal is offline" in outcome["Error"]["ErrorMessage"]
    assert vending[1].MACHINE.holds == {}


def test_a_heartbeat_is_accepted_and_the_execution_keeps_waiting(running: Emulator, endpoint: ModuleType) -> None:
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)

    assert endpoint.handler(api_request("heartbeat", callback_id), None)["statusCode"] == 200
    assert running.client.get_durable_execution(DurableExecutionArn=arn)["Status"] == "RUNNING"
    endpoint.handler(api_request("succeed", callback_id, '{"status": "declined"}'), None)
    assert json.loads(running.outcome(arn)["Result"])["status"] == "declined"


def test_answering_a_callback_twice_is_refused_with_a_conflict_or_bad_request(running: Emulator, endpoint: ModuleType) -> None:
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)
    endpoint.handler(api_request("succeed", callback_id, '{"status": "approved"}'), None)
    running.outcome(arn)

    again = endpoint.handler(api_request("succeed", callback_id, '{"status": "approved"}'), None)

    assert again["statusCode"] in (400, 404, 409), again
    assert json.loads(again["body"])["error"]


def test_a_malformed_failure_body_is_refused_before_lambda_is_called(endpoint: ModuleType) -> None:
    response = endpoint.handler(api_request("fail", "Y2FsbGJhY2s=", "not json"), None)
    assert response["statusCode"] == 400
    assert "error" in json.loads(response["body"])["message"]


def test_an_answer_over_256_kib_is_refused(endpoint: ModuleType) -> None:
    response = endpoint.handler(api_request("succeed", "Y2FsbGJhY2s=", "x" * (256 * 1024 + 1)), None)
    assert response["statusCode"] == 413


def test_an_unknown_route_is_not_found(endpoint: ModuleType) -> None:
    request = api_request("succeed", "Y2FsbGJhY2s=")
    request["routeKey"] = "POST /vending/callbacks/{callback_id}/cancel"
    assert endpoint.handler(request, None)["statusCode"] == 404


SECRET_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:CallbackSecret-AbCdEf"


def with_secret(endpoint: ModuleType, monkeypatch: pytest.MonkeyPatch, value: str) -> Any:
    """The endpoint set up for `auth = "secret"`, its Secrets Manager client answering with `value`.

    botocore's own Stubber checks that the endpoint asks for exactly the secret
    its configuration names, and nothing else.
    """
    import boto3
    from botocore.stub import Stubber

    monkeypatch.setenv("CALLBACK_AUTH", "secret")
    monkeypatch.setenv("CALLBACK_SECRET_ARN", SECRET_ARN)
    client = boto3.client("secretsmanager", region_name="us-west-2", aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    stubber.add_response("get_secret_value", {"ARN": SECRET_ARN, "Name": "CallbackSecret", "SecretString": value},
                         {"SecretId": SECRET_ARN})
    stubber.activate()
    endpoint._clients["secretsmanager"] = client
    return stubber


def test_with_a_shared_secret_a_request_without_it_is_forbidden(endpoint: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    stubber = with_secret(endpoint, monkeypatch, "s" * 48)
    for headers in ({}, {"X-Dflow-Callback-Secret": "wrong"}):
        assert endpoint.handler(api_request("succeed", "Y2FsbGJhY2s=", "{}", headers), None)["statusCode"] == 403
    stubber.assert_no_pending_responses()  # read once for both requests


def test_with_a_shared_secret_but_no_secret_configured_everything_is_forbidden(
    endpoint: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALLBACK_AUTH", "secret")
    monkeypatch.delenv("CALLBACK_SECRET_ARN", raising=False)
    assert endpoint.handler(api_request("succeed", "Y2FsbGJhY2s=", "{}", {"X-Dflow-Callback-Secret": ""}), None)["statusCode"] == 403


def test_with_the_right_secret_the_callback_completes(
    running: Emulator, endpoint: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_secret(endpoint, monkeypatch, "s" * 32)
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)

    secret = {"x-dflow-callback-secret": "s" * 32}
    assert endpoint.handler(api_request("succeed", callback_id, '{"status": "approved"}', secret), None)["statusCode"] == 200
    assert running.outcome(arn)["Status"] == "SUCCEEDED"


def test_a_request_found_by_its_path_alone_reaches_the_callback(running: Emulator, endpoint: ModuleType) -> None:
    """An API set up by hand (a REST API, a proxy route) may hand over only the path."""
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)
    request = {
        "httpMethod": "POST", "path": f"/vending/callbacks/{quote(callback_id, safe='')}/succeed",
        "headers": {}, "body": '{"status": "approved"}', "isBase64Encoded": False,
    }
    assert endpoint.handler(request, None)["statusCode"] == 200
    assert running.outcome(arn)["Status"] == "SUCCEEDED"


def test_a_base64_body_is_decoded(running: Emulator, endpoint: ModuleType) -> None:
    import base64

    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)
    request = api_request("succeed", callback_id, base64.b64encode(b'{"status": "approved"}').decode())
    request["isBase64Encoded"] = True
    assert endpoint.handler(request, None)["statusCode"] == 200
    assert json.loads(running.outcome(arn)["Result"])["status"] == "dispensed"


# ---------------------------------------------------------------- what never reaches Lambda

class NoLambda:
    """A Lambda client that fails the test if it is called at all."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"Lambda was called: {name}")


@pytest.fixture
def unreachable(endpoint: ModuleType) -> ModuleType:
    endpoint._clients["lambda"] = NoLambda()
    return endpoint


@pytest.mark.parametrize("body", ["", "not json", "{\"status\": ", "NaN", "[1, Infinity]"])
def test_an_answer_that_is_not_json_is_refused_before_lambda_is_called(unreachable: ModuleType, body: str) -> None:
    response = unreachable.handler(api_request("succeed", "Y2FsbGJhY2s=", body), None)
    assert response["statusCode"] == 400, response
    assert json.loads(response["body"])["error"] == "AnswerNotJson"


def test_plain_text_sent_as_text_reaches_a_wait_for_as_text(running: Emulator, endpoint: ModuleType) -> None:
    arn = running.start("vending", ORDER)
    callback_id = running.pending_callback(arn, PAYMENT)
    request = api_request("succeed", callback_id, "approved")
    request["headers"]["content-type"] = "text/plain; charset=utf-8"
    assert endpoint.handler(request, None)["statusCode"] == 200
    # The vending flow reads `payment.status`: text is not what it expects, and it says so.
    assert running.outcome(arn)["Status"] == "FAILED"


@pytest.mark.parametrize("callback_id", ["..", ".", "%2e%2e", "a b", "x" * 1025, "a/../b\n"])
def test_an_id_that_cannot_be_a_callback_id_is_refused_before_lambda_is_called(
    unreachable: ModuleType, callback_id: str
) -> None:
    response = unreachable.handler(api_request("succeed", callback_id, "{}"), None)
    assert response["statusCode"] == 400, response


def test_a_body_that_says_base64_and_is_not_is_a_400(unreachable: ModuleType) -> None:
    request = api_request("succeed", "Y2FsbGJhY2s=", "not base64 at all!")
    request["isBase64Encoded"] = True
    assert unreachable.handler(request, None)["statusCode"] == 400


def test_lambdas_refusal_reaches_the_caller_as_a_status_and_a_fixed_message(
    endpoint: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    from botocore.exceptions import ClientError

    detail = ("User: arn:aws:sts::123456789012:assumed-role/shop-VendingCallbacks/x is not authorized to perform "
              "lambda:SendDurableExecutionCallbackSuccess on arn:aws:lambda:eu-west-1:123456789012:function:other")

    class Refusing:
        def send_durable_execution_callback_success(self, **_: Any) -> None:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": detail},
                               "ResponseMetadata": {"HTTPStatusCode": 403}}, "SendDurableExecutionCallbackSuccess")

    endpoint._clients["lambda"] = Refusing()
    response = endpoint.handler(api_request("succeed", "Y2FsbGJhY2s=", "{}"), None)
    assert response["statusCode"] == 403
    assert "123456789012" not in response["body"] and "arn:" not in response["body"]
    assert "123456789012" in capsys.readouterr().out  # the details are in the function's log
