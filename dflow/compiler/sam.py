"""The SAM resource of a compiled flow: built as data, dumped as YAML, mergeable into a template.

cfn-lint does not check `DurableConfig` on `AWS::Serverless::Function`, so the
ranges are checked by dflow (see `check.py`) before anything is built here.
"""

from __future__ import annotations

import io
from typing import Any

from dflow.compiler.names import pascal_case
from dflow.language import model as m
from dflow.language.walk import all_statements

DEFAULT_RUNTIME = "python3.14"
DURABLE_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"
# Durable functions are invoked by qualified ARN; an alias gives them a stable one.
ALIAS = "live"


def logical_id(flow: m.Flow) -> str:
    return f"{pascal_case(flow.name.text)}Function"


def sam_resource(flow: m.Flow) -> dict[str, Any]:
    """`{LogicalId: {Type, Properties}}` for the flow's function."""
    properties: dict[str, Any] = {
        "Handler": f"{flow.name.text}_handler.handler",
        "Runtime": flow.runtime or DEFAULT_RUNTIME,
    }
    if flow.description:
        properties["Description"] = flow.description
    if flow.memory_mb is not None:
        properties["MemorySize"] = flow.memory_mb
    if flow.invocation_timeout is not None:
        properties["Timeout"] = int(flow.invocation_timeout.seconds)
    properties["AutoPublishAlias"] = ALIAS
    properties["DurableConfig"] = {
        "ExecutionTimeout": flow.timeout_seconds,
        "RetentionPeriodInDays": flow.retention_days,
    }
    properties["Policies"] = [DURABLE_POLICY, *_invoke_policies(flow)]
    return {logical_id(flow): {"Type": "AWS::Serverless::Function", "Properties": properties}}


def _invoke_policies(flow: m.Flow) -> list[dict[str, Any]]:
    """`lambda:InvokeFunction` on every function the flow invokes, qualified or not."""
    functions = sorted({s.function for s in all_statements(flow.body) if isinstance(s, m.Invoke)})
    if not functions:
        return []
    resources = [resource for function in functions for resource in invoke_resources(function)]
    statement = {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": resources}
    return [{"Statement": [statement]}]


def invoke_resources(function: str) -> list[Any]:
    """The ARNs that invoking `function` (a name, `name:alias` or an ARN) needs.

    An unqualified function is granted with its versions and aliases (`:*`),
    since durable functions are invoked by qualified ARN.
    """
    if function.startswith("arn:"):
        qualified = function.count(":") >= 7
        return [function] if qualified else [function, f"{function}:*"]
    name, _, qualifier = function.partition(":")
    base = f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}"
    if qualifier:
        return [{"Fn::Sub": f"{base}:{qualifier}"}]
    return [{"Fn::Sub": base}, {"Fn::Sub": f"{base}:*"}]


def dump_snippet(resource: dict[str, Any], header: str) -> str:
    """The `NAME.sam.yaml` text: dflow's header comment, then the resource."""
    return f"{header}\n{_dump(resource)}"


class TemplateError(Exception):
    """A `--sam-template` file dflow cannot merge into; `line` and `column` count from 1."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def merge_into_template(template_text: str, resource: dict[str, Any]) -> str:
    """The template with the resource added or updated; everything else kept, comments too.

    An existing resource keeps the properties dflow does not generate (CodeUri,
    Environment, Events…); the ones it generates are replaced. Raises
    `TemplateError` for a file that is not a SAM template dflow can update.
    """
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml()
    document = load_template(yaml, template_text)
    resources = document.setdefault("Resources", CommentedMap())
    if not isinstance(resources, dict):
        raise TemplateError("`Resources:` must be a mapping of resource names", *_node_position(document, "Resources"))
    for name, body in resource.items():
        if name not in resources:
            resources[name] = body
            continue
        existing = resources[name]
        if not isinstance(existing, dict) or not isinstance(existing.get("Properties", {}), dict):
            raise TemplateError(
                f"the resource `{name}` must be a mapping with `Type:` and `Properties:`",
                *_node_position(resources, name),
            )
        existing["Type"] = body["Type"]
        properties = existing.setdefault("Properties", CommentedMap())
        for key, value in body["Properties"].items():
            current = properties.get(key)
            if key == "Policies" and isinstance(current, list):
                # Policies a person added stay, after dflow's own.
                current[:] = [*value, *(item for item in current if not _is_dflows_policy(item))]
            else:
                properties[key] = value
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _is_dflows_policy(policy: Any) -> bool:
    """The managed durable policy, or an invoke statement as `_invoke_policies` writes it."""
    if policy == DURABLE_POLICY:
        return True
    if not isinstance(policy, dict) or list(policy) != ["Statement"] or not isinstance(policy["Statement"], list):
        return False
    return all(
        isinstance(statement, dict) and statement.get("Action") == "lambda:InvokeFunction"
        and set(statement) == {"Effect", "Action", "Resource"}
        for statement in policy["Statement"]
    )


# Far deeper than any template nests; past it, loading would overflow Python's stack.
MAX_TEMPLATE_DEPTH = 100


def load_template(yaml: Any, text: str) -> Any:
    """A template as ruamel's round-trip mapping (empty text: an empty one); `TemplateError` otherwise."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from dflow.language.yamlform.reader import yaml_hazard

    try:
        hazard = yaml_hazard(yaml, text, MAX_TEMPLATE_DEPTH)
        if hazard is not None:
            kind, line, column = hazard
            if kind == "alias":
                raise TemplateError("CloudFormation does not take YAML anchors and aliases (`&name`, `*name`)",
                                    line, column)
            raise TemplateError(f"mappings and lists nest at most {MAX_TEMPLATE_DEPTH} deep in a template",
                                line, column)
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise TemplateError(f"this is not valid YAML: {problem}", *_position(mark)) from None
    except YAMLError as error:
        raise TemplateError(f"this is not valid YAML: {error}") from None
    if document is None:
        return CommentedMap()
    if not isinstance(document, dict):
        raise TemplateError("a SAM template is a mapping with a `Resources:` key", 1, 1)
    return document


def _position(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _node_position(mapping: Any, key: str) -> tuple[int | None, int | None]:
    """Where `key` of a loaded mapping is written, when ruamel kept it."""
    try:
        line, column = mapping.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return None, None
    return line + 1, column + 1


def _dump(data: dict[str, Any]) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _yaml() -> Any:
    # Imported here: only compiles that write YAML pay for it.
    from dflow.language.yamlform.layout import round_trip_yaml

    return round_trip_yaml()
