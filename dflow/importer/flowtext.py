"""A written flow: its header (the source and every departure), its settings, and its body."""

from __future__ import annotations

from dflow.importer import exprs as e
from dflow.importer.blocks import duration
from dflow.importer.env import Findings

DEFAULT_TIMEOUT = 365 * 86400  # a Standard state machine may run for a year: the flow keeps that


def flow_text(name: str, source: str, comment: str | None, timeout: int | None, actions_module: str | None,
              body: list[str], findings: Findings, notes: list[str]) -> str:
    header = [f"# Imported by `dflow import` from {source} (an AWS Step Functions state machine)."]
    if findings.placeholders:
        header.append("# Written as text, for want of their values (give --template): "
                      + ", ".join(f"${{{p}}}" for p in findings.placeholders) + ".")
    header += [f"# Note: {note}." for note in notes]
    header += ["# " + todo.line for todo in findings.todos]
    lines = [*header, f"flow {name}"]
    if comment:
        lines.append(f"description {e.quote(comment)}")
    lines.append(f"timeout {duration(timeout or DEFAULT_TIMEOUT)}")
    if actions_module:
        lines.append(f"actions {actions_module}")
    lines += ["", *body]
    return "\n".join(lines) + "\n"
