"""Writing a machine's files: the flow, a flow per DISTRIBUTED Map, the actions' stubs; each checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dflow.importer.blocks import Place
from dflow.importer.env import Findings
from dflow.importer.flowtext import flow_text
from dflow.importer.machine import Machine, Region
from dflow.importer.tasks import Action
from dflow.importer.writer import FlowWriter
from dflow.language.reading import check_text, format_text


@dataclass
class Imported:
    files: dict[str, str]  # file name → text: NAME.flow, child flows, NAME_actions.py
    flows: list[str]
    todos: list[Any] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    actions: dict[str, Action] = field(default_factory=dict)  # by ASL state name


class ImporterBug(Exception):
    """The importer wrote a flow that does not check: a bug in dflow, never the machine's fault."""


class _Writer(FlowWriter):
    def __init__(self, source: str, findings: Findings, substitutions: dict[str, str],
                 actions: dict[int, Action], actions_module: str) -> None:
        super().__init__(findings, substitutions, actions)
        self.source, self.actions_module = source, actions_module
        self.child_findings: list[Findings] = []

    def child_flow(self, name: str, state: dict[str, Any], place: Place) -> None:
        processor: dict[str, Any] = state.get("ItemProcessor") or state["Iterator"]
        region = Region(processor["StartAt"], processor["States"], place.region.jsonata or
                        processor.get("QueryLanguage") == "JSONata")
        child = _Writer(self.source, Findings(), self.substitutions, self.actions, self.actions_module)
        text = child.write(name, None, None, region, [])
        self.children[name] = text
        self.children.update(child.children)
        self.used_actions += [a for a in child.used_actions if a not in self.used_actions]
        self.child_findings += [child.findings, *child.child_findings]

    def write(self, name: str, comment: str | None, timeout: int | None, region: Region, notes: list[str]) -> str:
        state_var = self.scopes.claim("state")
        block = self.region_block(region, Place(region, state_var, False, variables={}))
        body = [f"set {state_var} = input", *block.lines]
        text = flow_text(name, self.source, comment, timeout, self.actions_module if self.used_actions else None,
                         body, self.findings, notes)
        return _checked(text, f"{name}.flow")


def write_machine(machine: Machine, source_name: str, flow_name: str, substitutions: dict[str, str],
                  actions: dict[int, Action]) -> Imported:
    from dflow.importer.stubs import stubs_module

    module = f"{flow_name}_actions"
    source = source_name.replace("\\", "/").rsplit("/", 1)[-1]
    writer = _Writer(source, Findings(), substitutions, actions, module)
    text = writer.write(flow_name, machine.comment, machine.timeout_seconds, machine.top, machine.notes)
    files = {f"{flow_name}.flow": text}
    for child, child_text in sorted(writer.children.items()):
        files[f"{child}.flow"] = child_text
    if writer.used_actions:
        files[f"{module}.py"] = stubs_module(writer.used_actions, source)
    todos = list(writer.findings.todos)
    placeholders = list(writer.findings.placeholders)
    for findings in writer.child_findings:
        todos += findings.todos
        placeholders += [p for p in findings.placeholders if p not in placeholders]
    return Imported(files, [name for name in files if name.endswith(".flow")], todos, placeholders,
                    machine.notes, {a.state: a for a in writer.used_actions})


def _checked(text: str, source_name: str) -> str:
    from dflow.importer.limits import loop_limits

    try:
        formatted = loop_limits(format_text(text, source_name), source_name)
    except Exception as error:  # noqa: BLE001 - a flow the importer wrote that does not parse is its bug
        raise ImporterBug(f"the imported flow does not parse: {error}\n{_numbered(text)}") from None
    _, diagnostics = check_text(formatted, source_name)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        listed = "; ".join(f"{d.code} line {d.span.line if d.span else '?'}: {d.message}" for d in errors)
        raise ImporterBug(f"the imported flow does not check: {listed}\n{_numbered(formatted)}")
    return formatted


def _numbered(text: str) -> str:
    return "\n".join(f"{n:4} {line}" for n, line in enumerate(text.splitlines(), 1))
