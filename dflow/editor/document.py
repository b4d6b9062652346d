"""One analysis of a flow's text: its model, its diagnostics, its resolved view and its lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from dflow.language import model as m
from dflow.language.checks.flow import check_flow
from dflow.language.diagnostics import Diagnostic, FlowError
from dflow.language.reading import is_yaml, read_flow
from dflow.language.resolution import Resolution, resolve_flow
from dflow.language.walk import all_statements, field_value


@dataclass
class Document:
    text: str
    source_name: str
    flow: m.Flow | None  # None when the text does not parse
    diagnostics: list[Diagnostic]
    resolution: Resolution | None
    lines: list[str] = field(default_factory=list)

    @property
    def is_yaml(self) -> bool:
        return is_yaml(self.source_name)

    def line(self, number: int) -> str:
        """A line of the text, counting from 1; empty past the end."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def statement_named(self, span: m.Span) -> m.AnyStatement | None:
        """The statement whose NAME is at this span (a definition's), if any."""
        if self.flow is None:
            return None
        for statement in all_statements(self.flow.body):
            name = field_value(statement, "name")
            if isinstance(name, m.Name) and (name.span.line, name.span.column) == (span.line, span.column):
                return statement
        return None


def analyse(text: str, source_name: str) -> Document:
    """Read and check a flow as `dflow check` does; never raises for a user's mistake."""
    lines = text.split("\n")
    try:
        flow = read_flow(text, source_name)
    except FlowError as error:
        return Document(text, source_name, None, error.diagnostics, None, lines)
    resolution = resolve_flow(flow)
    return Document(text, source_name, flow, check_flow(flow, resolution), resolution, lines)
