"""Completion: what may be written at a position, from the line before it and the flow's resolved view.

At the start of a line of a `.flow` file: the statement keywords (header
keywords only in the header), and the clauses of the statement the line is
indented under (the YAML form's keys are its JSON Schema's to offer). After
`input.`: the input fields. After a number: the units of time. After `step`
(and `=` in `wait for` and `poll`): the actions' functions with their
parameters. Anywhere else in an expression: the names visible on the line,
never one defined later, with the language's functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dflow.editor.document import Document, analyse
from dflow.language.checks.context import FUNCTIONS
from dflow.language.checks.expressions import EXECUTION_FIELDS
from dflow.language.durations import UNIT_SECONDS
from dflow.language.grammar.keywords import HEADER_KEYWORDS, STATEMENT_KEYWORDS

# What a header line starts with, as written: `invocation` is always `invocation timeout`.
HEADER_PHRASES = tuple("invocation timeout" if word == "invocation" else word for word in HEADER_KEYWORDS)
STATEMENTS = ("step", "wait", "wait for", "invoke", "poll", "if", "parallel", "for each", "repeat until",
              "repeat while", "group", "set", "log", "return", "fail")
# The clauses a statement takes on the lines indented under it, as `flow.lark` spells them.
CLAUSES = {
    "step": ("retry", "at most once", "undo", "on failure"),
    "wait for": ("timeout", "heartbeat", "as text", "retry", "on timeout", "on failure"),
    "invoke": ("retry", "on failure"),
    "poll": ("max", "retry", "on failure"),
    "parallel": ("max concurrency", "tolerate", "complete after", "branch", "on failure"),
    "for each": ("max concurrency", "tolerate", "complete after", "on failure"),
    "repeat": ("max", "on failure"),
    "group": ("retry", "on failure", "finally"),
    "if": ("else", "else if"),
}
AFTER_INPUT = re.compile(r"\binput\.(\w*)$")
AFTER_EXECUTION = re.compile(r"\bexecution\.(\w*)$")
AFTER_NUMBER = re.compile(r"(?<![\w.])\d+(\.\d+)?\s+(\w*)$")
AFTER_CALL_START = re.compile(r"^\s*(step\s+(\w+\s*=\s*)?|(wait\s+for|poll)\s+\w+\s*=\s*)(\w*)$")
LINE_START = re.compile(r"^(\s*)(\w*)$")


@dataclass(frozen=True)
class Completion:
    label: str
    kind: str  # "keyword", "name", "field", "function", "unit", "action"
    detail: str = ""
    insert: str | None = None  # the text to insert, when it is not the label


def complete(document: Document, line: int, column: int, actions: dict[str, list[str]] | None = None,
             names_from: Document | None = None) -> list[Completion]:
    """What may be written at a position. `names_from` is the last analysis that parsed, for a line being typed."""
    prefix = document.line(line)[: column - 1]
    known = document if document.flow is not None else names_from or _without_line(document, line)
    if AFTER_INPUT.search(prefix):
        fields = known.flow.inputs if known.flow is not None and known.flow.inputs else []
        return [Completion(field.name.text, "field", known.line(field.span.line).strip()) for field in fields]
    if AFTER_EXECUTION.search(prefix):
        return [Completion(name, "field", "of the durable execution") for name in EXECUTION_FIELDS]
    if AFTER_NUMBER.search(prefix):
        return [Completion(unit, "unit") for unit in UNIT_SECONDS if len(unit) > 1]
    if document.is_yaml:
        return _names(known, line)  # the YAML form's keys are the JSON Schema's to offer
    if AFTER_CALL_START.search(prefix):
        return _actions(actions or {})
    start = LINE_START.match(prefix)
    if start is not None:
        return _line_start(known, line, len(start.group(1)))
    return _names(known, line)


def _without_line(document: Document, line: int) -> Document:
    """The analysis of the text without the line being typed, which is what usually keeps it from parsing."""
    lines = list(document.lines)
    if 1 <= line <= len(lines):
        lines[line - 1] = ""
    return analyse("\n".join(lines), document.source_name)


def _actions(actions: dict[str, list[str]]) -> list[Completion]:
    return [
        Completion(name, "action", f"({', '.join(parameters)})",
                   f"{name}(" + ", ".join(f"{parameter}: " for parameter in parameters) + ")")
        for name, parameters in sorted(actions.items())
    ]


def _line_start(document: Document, line: int, indent: int) -> list[Completion]:
    if indent == 0 and _in_header(document, line):
        return [Completion(word, "keyword") for word in HEADER_PHRASES + STATEMENTS]
    found = [Completion(word, "keyword") for word in STATEMENTS]
    owner = _statement_above(document, line, indent)
    if owner is not None:
        found = [Completion(word, "keyword", f"under `{owner}`") for word in CLAUSES.get(owner, ())] + found
    return found


def _in_header(document: Document, line: int) -> bool:
    """True when no statement starts above the line."""
    for number in range(1, line):
        words = document.line(number).split()
        if words and not document.line(number)[0].isspace() and words[0] in STATEMENT_KEYWORDS:
            return False
    return True


def _statement_above(document: Document, line: int, indent: int) -> str | None:
    """The statement whose block or clauses the line is in: the nearest line above that is indented less."""
    for number in range(line - 1, 0, -1):
        text = document.line(number)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        depth = len(text) - len(text.lstrip())
        if depth < indent:
            words = text.split()
            two = " ".join(words[:2])
            if two in ("wait for", "for each"):
                return two
            return words[0] if words[0] in CLAUSES else None
    return None


def _names(document: Document, line: int) -> list[Completion]:
    visible = document.resolution.visible_at(line) if document.resolution is not None else []
    names = {defined.name: defined.kind for defined in visible if defined.kind != "input field"}
    found = [Completion(name, "name", kind) for name, kind in sorted(names.items())]
    found += [Completion("input", "name", "the flow's input"), Completion("execution", "name", "the durable execution")]
    found += [Completion(name, "function", "a function of the language", f"{name}(") for name in FUNCTIONS]
    return found
