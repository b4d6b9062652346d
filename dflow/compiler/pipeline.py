"""The whole compile of one flow, stage by stage: parse → check → lower → render → format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dflow.compiler import model as m
from dflow.compiler.check import check_flow
from dflow.compiler.diagnostics import Diagnostic, FlowError
from dflow.compiler.format import format_python
from dflow.compiler.lower import generated_header, lower_flow
from dflow.compiler.parse import parse_flow
from dflow.compiler.render import render_handler
from dflow.compiler.sam import dump_snippet, sam_resource


@dataclass(frozen=True)
class CompiledFlow:
    """What one flow compiles to, in memory; nothing is written yet."""

    flow: m.Flow
    handler_name: str
    handler_source: str
    sam_name: str
    sam_source: str
    sam_resource: dict[str, Any]
    warnings: list[Diagnostic]


def check_text(text: str) -> tuple[m.Flow | None, list[Diagnostic]]:
    """Parse and check a flow; the model is None when there is any error. Never raises."""
    try:
        flow = parse_flow(text)
    except FlowError as error:
        return None, error.diagnostics
    diagnostics = check_flow(flow)
    return (None if any(d.is_error for d in diagnostics) else flow), diagnostics


def compile_text(text: str, source_name: str) -> CompiledFlow:
    """Compile the text of a `.flow` file; `source_name` is named in the generated header."""
    flow, diagnostics = check_text(text)
    if flow is None:
        raise FlowError(diagnostics)
    return compile_flow(flow, diagnostics, source_name)


def compile_flow(flow: m.Flow, warnings: list[Diagnostic], source_name: str) -> CompiledFlow:
    """Render a checked flow into its handler and SAM snippet."""
    view = lower_flow(flow, source_name)
    handler = format_python(render_handler(view))
    resource = sam_resource(flow)
    return CompiledFlow(
        flow=flow,
        handler_name=f"{flow.name.text}_handler.py",
        handler_source=handler,
        sam_name=f"{flow.name.text}.sam.yaml",
        sam_source=dump_snippet(resource, generated_header(source_name)),
        sam_resource=resource,
        warnings=warnings,
    )


def compile_file(path: Path) -> CompiledFlow:
    return compile_text(path.read_text(encoding="utf-8"), path.name)
