"""`--template`: a SAM template's `DefinitionSubstitutions` for the machine being imported."""

from __future__ import annotations

from typing import Any

from dflow.importer.machine import MachineError

MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")
NAME_PROPERTIES = ("FunctionName", "TableName", "TopicName", "QueueName", "BucketName", "Name", "EventBusName")


def substitutions(text: str, machine_file: str) -> dict[str, str]:
    """The substitutions whose values are known before deployment: text, or a named resource's name."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    try:
        template = yaml.load(text)
    except YAMLError as error:
        raise MachineError(f"the template is not valid YAML: {error}") from None
    resources = template.get("Resources", {}) if isinstance(template, dict) else {}
    machines = {name: r for name, r in resources.items() if isinstance(r, dict) and r.get("Type") in MACHINE_TYPES}
    file_name = _file_name(machine_file)
    named = [r for r in machines.values() if _file_name(str(r.get("Properties", {}).get("DefinitionUri", ""))) == file_name]
    if len(named) == 1:
        chosen = named[0]
    elif len(machines) == 1:
        chosen = next(iter(machines.values()))
    elif not machines:
        raise MachineError("the template has no state machine (AWS::Serverless::StateMachine or "
                           "AWS::StepFunctions::StateMachine)", hint="give the template of this machine's application")
    else:
        raise MachineError(f"the template has {len(machines)} state machines and none whose DefinitionUri names "
                           f"{file_name}", hint="give the template of this machine's application")
    found: dict[str, str] = {}
    for key, value in (chosen.get("Properties", {}).get("DefinitionSubstitutions") or {}).items():
        resolved = _value(value, resources)
        if resolved is not None:
            found[str(key)] = resolved
    return found


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _value(value: Any, resources: dict[str, Any]) -> str | None:
    target = _referenced(value)
    if target is not None:
        properties = resources.get(target, {}).get("Properties", {}) if isinstance(resources.get(target), dict) else {}
        for key in NAME_PROPERTIES:
            if isinstance(properties.get(key), str):
                return str(properties[key])
        return None
    if getattr(value, "tag", None) is None and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _referenced(value: Any) -> str | None:
    """The resource a `!Ref`/`!GetAtt` (or JSON's `Ref`/`Fn::GetAtt`) names, whatever attribute it reads."""
    tag = getattr(getattr(value, "tag", None), "value", None)
    if tag in ("!Ref", "!GetAtt"):
        return _resource(value.value if hasattr(value, "value") else value)
    if isinstance(value, dict) and len(value) == 1:
        key, named = next(iter(value.items()))
        if key == "Ref" and isinstance(named, str):
            return named
        if key == "Fn::GetAtt":
            return _resource(named)
    return None


def _resource(named: Any) -> str:
    """`X`, `X.Arn` or `[X, Arn]`: the resource X."""
    return str(named[0] if isinstance(named, list) and named else named).split(".")[0]
