"""What a Task's `Resource` is: a Lambda function, an AWS API, a child machine, a callback, an activity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from dflow.importer.machine import Region
from dflow.importer.names import snake

ResourceKind = Literal["lambda", "lambda_arn", "sdk", "optimized", "http", "start_sync", "activity", "item_reader"]

# Step Functions' service names where boto3's client is named otherwise.
BOTO3_CLIENTS = {"sfn": "stepfunctions", "states": "stepfunctions", "elasticloadbalancingv2": "elbv2"}


@dataclass(frozen=True)
class Resource:
    kind: ResourceKind
    service: str = ""
    api: str = ""
    callback: bool = False  # `.waitForTaskToken` or an activity: the flow waits for an answer
    sync: str = ""  # `.sync` or `.sync:2` on a child machine; `.sync` elsewhere

    @property
    def boto3_client(self) -> str:
        return BOTO3_CLIENTS.get(self.service, self.service)

    @property
    def boto3_method(self) -> str:
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.api).lower()


def classify(resource: str) -> Resource:
    """`arn:aws:states:::lambda:invoke.waitForTaskToken` → a callback through Lambda, and so on."""
    callback = resource.endswith(".waitForTaskToken")
    base = resource.removesuffix(".waitForTaskToken")
    sync = ""
    match = re.search(r"\.sync(:2)?$", base)
    if match:
        sync, base = match.group(), base[: match.start()]
    if re.match(r"arn:[^:]+:states:[^:]*:[^:]*:activity:", resource):
        return Resource("activity", callback=True)
    if re.match(r"arn:[^:]+:lambda:", base) or (base.startswith("${") and "states:::" not in base):
        return Resource("lambda_arn", "lambda", "invoke", callback)
    integration = re.match(r"arn:[^:]+:states:::(.+)$", base)
    if not integration:
        return Resource("optimized", "unknown", "unknown", callback, sync)
    parts = integration.group(1).split(":")
    if parts[0] == "aws-sdk" and len(parts) >= 3:
        return Resource("sdk", parts[1], parts[2], callback, sync)
    if parts[:2] == ["lambda", "invoke"]:
        return Resource("lambda", "lambda", "invoke", callback, sync)
    if parts[:2] == ["states", "startExecution"] and sync and not callback:
        return Resource("start_sync", "states", "startExecution", False, sync)
    if parts[:2] == ["http", "invoke"]:
        return Resource("http", "http", "invoke", callback, sync)
    return Resource("optimized", parts[0], parts[1] if len(parts) > 1 else "", callback, sync)


@dataclass
class Action:
    """One action the imported flows call: one per Task state, named like the state."""

    name: str
    state: str
    resource: Resource
    arguments: list[tuple[str, str]] = field(default_factory=list)  # (flow argument, ASL key)
    token_keys: list[list[str | int]] = field(default_factory=list)  # where the callback id goes
    resource_text: str = ""
    input_type: str = ""  # an item reader's `ReaderConfig.InputType`: JSON, JSONL, CSV


def name_actions(region: Region) -> dict[int, Action]:
    """One action per Task state, in document order; a name already taken gets `_2`, `_3`."""
    found: dict[int, Action] = {}
    taken: set[str] = set()

    def visit(states: dict[str, dict[str, Any]]) -> None:
        for name, state in states.items():
            if state.get("Type") == "Task":
                base = snake(name)
                unique, number = base, 1
                while unique in taken:
                    number += 1
                    unique = f"{base}_{number}"
                taken.add(unique)
                found[id(state)] = Action(unique, name, classify(str(state.get("Resource", ""))))
            for branch in state.get("Branches", []):
                visit(branch["States"])
            processor = state.get("ItemProcessor", state.get("Iterator"))
            if isinstance(processor, dict):
                visit(processor["States"])

    visit(region.states)
    return found
