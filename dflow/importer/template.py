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
    file_name = machine_file.replace("\\", "/").rsplit("/", 1)[-1]
    named = [r for r in machines.values() if str(r.get("Properties", {}).get("DefinitionUri", "")).endswith(file_name)]
    if len(named) == 1:
        chosen = named[0]
    elif len(machines) == 1:
        chosen = next(iter(machines.values()))
    else:
        raise MachineError(f"the template has {len(machines)} state machines and none whose DefinitionUri names "
                           f"{file_name}", hint="give the template of this machine's application")
    found: dict[str, str] = {}
    for key, value in (chosen.get("Properties", {}).get("DefinitionSubstitutions") or {}).items():
        resolved = _value(value, resources)
        if resolved is not None:
            found[str(key)] = resolved
    return found


def _value(value: Any, resources: dict[str, Any]) -> str | None:
    tag = getattr(getattr(value, "tag", None), "value", None)
    if tag in ("!Ref", "!GetAtt"):
        target = str(value.value if hasattr(value, "value") else value).split(".")[0]
        properties = resources.get(target, {}).get("Properties", {}) if isinstance(resources.get(target), dict) else {}
        for key in NAME_PROPERTIES:
            if isinstance(properties.get(key), str):
                return str(properties[key])
        return None
    if tag is None and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None
