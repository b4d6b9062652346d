"""Print diagnostics the way a person can act on them: where, what, the line, a caret, a fix."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from dflow.compiler.diagnostics import Diagnostic

RED, YELLOW, BLUE, BOLD, RESET = "\033[31m", "\033[33m", "\033[34m", "\033[1m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, never in a pipe or when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def format_diagnostic(diagnostic: Diagnostic, path: str, source: str | None, colour: bool) -> str:
    """`file:line:col: error[DF123]: message`, the source line, a caret and `help:`."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    label = paint(RED if diagnostic.is_error else YELLOW, f"{diagnostic.severity}[{diagnostic.code}]")
    span = diagnostic.span
    where = f"{path}:{span.line}:{span.column}" if span else path
    lines = [f"{paint(BOLD, where)}: {label}: {diagnostic.message}"]
    if span is not None and source is not None:
        source_lines = source.splitlines()
        if 0 < span.line <= len(source_lines):
            text = source_lines[span.line - 1]
            width = (span.end_column - span.column) if span.end_line == span.line else len(text) - span.column + 1
            gutter = f"{span.line:>5} | "
            lines.append(paint(BLUE, gutter) + text)
            caret = " " * (span.column - 1) + "^" * max(1, width)
            lines.append(paint(BLUE, " " * (len(gutter) - 2) + "| ") + paint(RED, caret))
    if diagnostic.hint:
        lines.append(f"{paint(BOLD, 'help')}: {diagnostic.hint}")
    return "\n".join(lines)


def print_diagnostics(
    diagnostics: list[Diagnostic], path: str, source: str | None, stream: TextIO | None = None
) -> None:
    stream = stream or sys.stderr
    colour = use_colour(stream)
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic, path, source, colour), file=stream)
