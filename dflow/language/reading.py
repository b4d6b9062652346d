"""Read a flow in either form and check it: text → model → diagnostics.

Every tool starts here (the compiler, graph, docs, the local runner, the
command line); nothing in this module knows about generated code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dflow.language import model as m
from dflow.language.checks.flow import check_flow
from dflow.language.resolution import Resolution, resolve_flow
from dflow.language.diagnostics import Diagnostic, FlowError
from dflow.language.grammar.parse import parse_flow

YAML_SUFFIXES = (".yaml", ".yml")


def is_yaml(source_name: str) -> bool:
    return source_name.endswith(YAML_SUFFIXES)


def read_flow(text: str, source_name: str = "flow.flow") -> m.Flow:
    """The model of a `.flow` file, or of its YAML form when the name ends in .yaml."""
    if is_yaml(source_name):
        from dflow.language.yamlform.load import load_flow

        return load_flow(text)
    return parse_flow(text)


def format_text(text: str, source_name: str = "flow.flow") -> str:
    """A flow's canonical text in its own form (`dflow fmt`); raises `FlowError` when it does not parse."""
    if is_yaml(source_name):
        from dflow.language.yamlform.tidy import format_yaml_flow

        return format_yaml_flow(text)
    from dflow.language.text.fmt import format_flow

    return format_flow(text)


def check_text(text: str, source_name: str = "flow.flow") -> tuple[m.Flow | None, list[Diagnostic]]:
    """Parse and check a flow; the model is None when there is any error. Never raises."""
    try:
        flow = read_flow(text, source_name)
    except FlowError as error:
        return None, error.diagnostics
    diagnostics = check_flow(flow)
    return (None if any(d.is_error for d in diagnostics) else flow), diagnostics




@dataclass
class FileReport:
    """What was found in one file."""

    path: Path
    source: str | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


def resolve(flow: m.Flow) -> Resolution:
    """The resolved view of a parsed flow: what each name refers to, and where each is used."""
    return resolve_flow(flow)
