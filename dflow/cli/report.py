"""Print diagnostics for people (text) and for tools (JSON, SARIF, GitHub annotations).

Every command reports through here, so a problem reads the same whether it
comes from `dflow check` or `dflow compile`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from dflow import __version__
from dflow.cli.words import count_of
from dflow.language.diagnostics import Diagnostic, printable, source_lines
from dflow.language.reading import FileReport

RED, YELLOW, BLUE, BOLD, RESET = "\033[31m", "\033[33m", "\033[34m", "\033[1m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, never in a pipe or when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def emit(reports: list[FileReport], format_: str, stream: TextIO | None = None) -> None:
    """Write every report in one format."""
    stream = stream or sys.stderr
    writers: dict[str, Callable[[list[FileReport], TextIO], None]] = {
        "text": _text,
        "json": _json,
        "sarif": _sarif,
        "github": _github,
    }
    writers[format_](reports, stream)


def format_diagnostic(diagnostic: Diagnostic, path: str, source: str | None, colour: bool) -> str:
    """`file:line:col: error[DF123]: message`, the source line, a caret and `help:`."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    label = paint(RED if diagnostic.is_error else YELLOW, f"{diagnostic.severity}[{diagnostic.code}]")
    span = diagnostic.span
    where = f"{path}:{span.line}:{span.column}" if span else path
    lines = [f"{paint(BOLD, where)}: {label}: {diagnostic.message}"]
    if span is not None and source is not None:
        lines_of_source = source_lines(source)
        if 0 < span.line <= len(lines_of_source):
            text = printable(lines_of_source[span.line - 1])
            one_line = span.end_line == span.line
            width = span.end_column - span.column if one_line else len(text) - span.column + 1
            text, column, width = _window(text, span.column, max(1, width))
            gutter = f"{span.line:>5} | "
            lines.append(paint(BLUE, gutter) + text)
            caret = " " * (column - 1) + "^" * width
            lines.append(paint(BLUE, " " * (len(gutter) - 2) + "| ") + paint(RED, caret))
    if diagnostic.hint:
        lines.append(f"{paint(BOLD, 'help')}: {diagnostic.hint}")
    return "\n".join(lines)


SHOWN_WIDTH = 100  # characters of a source line shown under a diagnostic


def _window(text: str, column: int, width: int) -> tuple[str, int, int]:
    """A long line cut to the part around the caret, with `…` where text was left out."""
    if len(text) <= SHOWN_WIDTH:
        return text, column, width
    width = min(width, SHOWN_WIDTH // 2)
    start = max(0, column - 1 - SHOWN_WIDTH // 4)
    end = start + SHOWN_WIDTH
    shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return shown, column - start + (1 if start else 0), width


def print_diagnostics(
    diagnostics: list[Diagnostic], path: str, source: str | None, stream: TextIO | None = None
) -> None:
    stream = stream or sys.stderr
    colour = use_colour(stream)
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic, path, source, colour), file=stream)


def summary(reports: list[FileReport]) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(len(r.diagnostics) for r in reports) - errors
    files = len(reports)
    return (
        f"{count_of(errors, 'error')}, {count_of(warnings, 'warning')} "
        f"in {count_of(files, 'flow')}"
    )


# ---------------------------------------------------------------- formats


def _text(reports: list[FileReport], stream: TextIO) -> None:
    for report in reports:
        print_diagnostics(report.diagnostics, str(report.path), report.source, stream)


def _rows(reports: list[FileReport]) -> list[dict[str, Any]]:
    rows = []
    for report in reports:
        for d in report.diagnostics:
            span = d.span
            rows.append({
                "file": str(report.path),
                "code": d.code,
                "title": _title(d.code),  # the registry's, as docs/errors.md gives it
                "severity": d.severity,
                "message": d.message,
                "hint": d.hint,
                "line": span.line if span else None,
                "column": span.column if span else None,
                "end_line": span.end_line if span else None,
                "end_column": span.end_column if span else None,
                "fix": _fix_json(d),
            })
    return rows


def _title(code: str) -> str | None:
    from dflow.language.codes import codes

    known = codes().get(code)
    return known.title if known else None


def _fix_json(diagnostic: Diagnostic) -> dict[str, Any] | None:
    """The suggested edit, for tools: the range (lines and columns from 1, end exclusive) and its text."""
    fix = diagnostic.fix
    if fix is None:
        return None
    span = fix.span
    return {"label": fix.label, "replacement": fix.replacement, "line": span.line, "column": span.column,
            "end_line": span.end_line, "end_column": span.end_column}


def _json(reports: list[FileReport], stream: TextIO) -> None:
    json.dump(_rows(reports), stream, indent=2)
    stream.write("\n")


def _sarif(reports: list[FileReport], stream: TextIO) -> None:
    """SARIF 2.1.0, as code-scanning uploads expect."""
    rows = _rows(reports)
    rules = sorted({row["code"] for row in rows})
    results = []
    for row in rows:
        result: dict[str, Any] = {
            "ruleId": row["code"],
            "level": row["severity"],
            "message": {"text": row["message"] + (f" ({row['hint']})" if row["hint"] else "")},
        }
        location: dict[str, Any] = {"artifactLocation": {"uri": Path(row["file"]).as_posix()}}
        if row["line"] is not None:
            location["region"] = {
                "startLine": row["line"],
                "startColumn": row["column"],
                "endLine": row["end_line"],
                "endColumn": row["end_column"],
            }
        result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dflow",
                "version": __version__,
                "rules": [
                    {"id": code, "help": {"text": f"docs/errors.md explains {code} with an example"}}
                    for code in rules
                ],
            }},
            "results": results,
        }],
    }
    json.dump(document, stream, indent=2)
    stream.write("\n")


def _github(reports: list[FileReport], stream: TextIO) -> None:
    """Workflow commands, which GitHub Actions shows as annotations on the file."""
    for row in _rows(reports):
        properties = [f"file={_escape(row['file'], True)}", f"title={row['code']}"]
        if row["line"] is not None:
            properties += [
                f"line={row['line']}",
                f"col={row['column']}",
                f"endLine={row['end_line']}",
                f"endColumn={row['end_column']}",
            ]
        text = row["message"] + (f"\n{row['hint']}" if row["hint"] else "")
        print(f"::{row['severity']} {','.join(properties)}::{_escape(text, False)}", file=stream)


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text
