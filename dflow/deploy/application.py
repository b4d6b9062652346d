"""The SAM application of a project: one function per flow, and a callback endpoint for flows that wait for one.

This is the part of `template.yaml` dflow owns; `merge.py` puts it into the
template a person may have added to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dflow.compiler.sam import logical_id, sam_resource
from dflow.deploy.settings import CallbackSettings, FunctionSettings
from dflow.language import model as m
from dflow.language.walk import all_statements

CODE_FOLDER = "code"
CALLBACKS_FOLDER = "callbacks"
CALLBACKS_MODULE = "dflow_callbacks"
CALLBACK_API = "CallbackApi"
CALLBACK_SECRET = "CallbackSecret"
# SAM's defaults (3 seconds, 128 MB) are too little for a handler that replays
# its history and loads boto3; a flow's `invocation timeout` and `memory` lines
# or its `[tool.dflow.functions.NAME]` table say otherwise.
DEFAULT_TIMEOUT_SECONDS = 300
DEFAULT_MEMORY_MB = 512
CALLBACK_ACTIONS = (
    "lambda:SendDurableExecutionCallbackSuccess",
    "lambda:SendDurableExecutionCallbackFailure",
    "lambda:SendDurableExecutionCallbackHeartbeat",
)
ROUTES = (("Succeed", "succeed"), ("Fail", "fail"), ("Heartbeat", "heartbeat"))


@dataclass(frozen=True)
class FlowFunction:
    """A checked flow and what its function needs from the project's settings."""

    flow: m.Flow
    settings: FunctionSettings


def waits_for_callbacks(flow: m.Flow) -> bool:
    return any(isinstance(statement, m.WaitFor) for statement in all_statements(flow.body))


def template(functions: list[FlowFunction], runtime: str, callbacks: CallbackSettings, description: str) -> dict[str, Any]:
    """The whole template as dflow writes it, before anything a person added."""
    resources: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    answered = [function for function in functions if waits_for_callbacks(function.flow)]
    for function in functions:
        resources.update(flow_function(function, runtime))
        name = logical_id(function.flow)
        outputs[name] = {
            "Description": f"The {function.flow.name.text} flow's function; start executions on its `live` alias",
            "Value": {"Ref": f"{name}.Alias"},
        }
    for function in answered:
        resources.update(callback_function(function.flow, runtime, callbacks))
    document: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": description,
    }
    if answered and callbacks.auth == "secret":
        # In Secrets Manager, not in the function's environment, where anyone allowed
        # lambda:GetFunctionConfiguration would read it (checkov CKV_AWS_173).
        resources[CALLBACK_SECRET] = {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "Description": "The value callers send in the X-Dflow-Callback-Secret header",
                "GenerateSecretString": {"PasswordLength": 48, "ExcludePunctuation": True},
            },
        }
        outputs[CALLBACK_SECRET] = {
            "Description": "The callback secret's ARN: aws secretsmanager get-secret-value --secret-id ARN",
            "Value": {"Ref": CALLBACK_SECRET},
        }
    if answered:
        resources[CALLBACK_API] = callback_api(callbacks)
        outputs[CALLBACK_API] = {
            "Description": "Where other systems answer callbacks: POST {url}/FLOW/callbacks/{callback_id}/succeed",
            "Value": {"Fn::Sub": "https://${CallbackApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"},
        }
    document["Resources"] = resources
    document["Outputs"] = outputs
    return document


def flow_function(function: FlowFunction, runtime: str) -> dict[str, Any]:
    """The flow's SAM function, as `dflow compile` makes it, with the project's code and settings."""
    flow, settings = function.flow, function.settings
    ((name, resource),) = sam_resource(flow).items()
    compiled = resource["Properties"]
    invocation = int(flow.invocation_timeout.seconds) if flow.invocation_timeout else None
    properties: dict[str, Any] = {
        "CodeUri": f"{CODE_FOLDER}/",
        "Handler": compiled["Handler"],
        "Runtime": flow.runtime or runtime,
    }
    if "Description" in compiled:
        properties["Description"] = compiled["Description"]
    properties["MemorySize"] = settings.memory or flow.memory_mb or DEFAULT_MEMORY_MB
    properties["Timeout"] = settings.timeout or invocation or DEFAULT_TIMEOUT_SECONDS
    properties["AutoPublishAlias"] = compiled["AutoPublishAlias"]
    properties["DurableConfig"] = compiled["DurableConfig"]
    properties["Policies"] = [*compiled["Policies"], *settings.policies]
    if settings.environment:
        properties["Environment"] = {"Variables": dict(sorted(settings.environment.items()))}
    if settings.layers:
        properties["Layers"] = list(settings.layers)
    return {name: {"Type": resource["Type"], "Properties": properties}}


def callback_function(flow: m.Flow, runtime: str, callbacks: CallbackSettings) -> dict[str, Any]:
    """The flow's callback endpoint: allowed to answer callbacks of this flow's executions, and nothing else."""
    function = logical_id(flow)
    variables: dict[str, Any] = {"CALLBACK_AUTH": callbacks.auth}
    policies: list[Any] = []
    if callbacks.auth == "secret":
        # The secret's ARN only: the endpoint reads the value at run time, and may read no other secret.
        variables["CALLBACK_SECRET_ARN"] = {"Ref": CALLBACK_SECRET}
        policies.append({"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": CALLBACK_SECRET}}})
    events = {
        route: {
            "Type": "HttpApi",
            "Properties": {
                "ApiId": {"Ref": CALLBACK_API},
                "Method": "POST",
                "Path": f"/{flow.name.text}/callbacks/{{callback_id}}/{action}",
            },
        }
        for route, action in ROUTES
    }
    statement = {
        "Effect": "Allow",
        "Action": list(CALLBACK_ACTIONS),
        # Callbacks are authorised against the execution's ARN, which extends
        # the function's qualified ARN: `:*` matches every version's executions.
        "Resource": {"Fn::Sub": f"${{{function}.Arn}}:*"},
    }
    properties = {
        "CodeUri": f"{CALLBACKS_FOLDER}/",
        "Handler": f"{CALLBACKS_MODULE}.handler",
        "Runtime": runtime,
        "Description": f"Answers the callbacks of the {flow.name.text} flow for systems outside AWS",
        "MemorySize": 128,
        "Timeout": 10,
        "Environment": {"Variables": variables},
        "Policies": [{"Statement": [statement]}, *policies],
        "Events": events,
    }
    return {callback_id_of(flow): {"Type": "AWS::Serverless::Function", "Properties": properties}}


def callback_id_of(flow: m.Flow) -> str:
    return logical_id(flow).removesuffix("Function") + "CallbacksFunction"


def callback_api(callbacks: CallbackSettings) -> dict[str, Any]:
    properties: dict[str, Any] = {"Description": "Callbacks of the project's flows, for systems outside AWS"}
    if callbacks.auth == "iam":
        properties["Auth"] = {"EnableIamAuthorizer": True, "DefaultAuthorizer": "AWS_IAM"}
    return {"Type": "AWS::Serverless::HttpApi", "Properties": properties}

