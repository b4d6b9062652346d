"""Errors are data: every stage reports `Diagnostic`s, and only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dflow.language.model import Span

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Fix:
    """A suggested edit, as data: replace the text at `span` (which may be empty) with `replacement`.

    Editors offer it as a one-click fix (the studio) or a code action (a
    language server), so it is never parsed out of a hint's words.
    """

    span: Span
    replacement: str
    label: str


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a flow, with a stable code that docs/errors.md explains."""

    code: str
    message: str
    span: Span | None
    severity: Severity = "error"
    hint: str | None = None
    fix: Fix | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def replace_with(span: Span | None, text: str | None) -> Fix | None:
    """The fix of a "did you mean": the text at `span` (one line) becomes `text`."""
    if span is None or text is None or span.end_line != span.line:
        return None
    return Fix(span, text, f"use {text}")


def source_lines(text: str) -> list[str]:
    """The lines of a flow as the grammar counts them: split at `\n` only.

    `str.splitlines()` also splits at form feeds, U+0085, U+2028 and others,
    which may stand inside a string; every line number dflow reports must
    agree with the parser's, so no module splits source text any other way.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def printable(line: str) -> str:
    """A source line safe to print on a terminal: control characters become `?`, one for one."""
    return "".join(char if char.isprintable() or char == " " else "?" for char in line)


class FlowError(Exception):
    """Raised by a stage that cannot go on; carries everything found so far."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def point(line: int, column: int, width: int = 1) -> Span:
    """A span on one line, `width` characters wide."""
    return Span.model_construct(line=line, column=column, end_line=line, end_column=column + max(width, 1))


def did_you_mean(word: str, candidates: list[str] | set[str]) -> str | None:
    """The closest candidate to a misspelt word, or None when nothing is close."""
    import difflib

    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
