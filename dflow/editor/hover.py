"""What an editor shows on hover: a name's statement, an input field's type, a word's meaning, a code's explanation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dflow.editor.document import Document
from dflow.editor.explanations import explain
from dflow.language import model as m
from dflow.language.codes import codes
from dflow.language.grammar.keywords import CLAUSE_KEYWORDS
from dflow.language.resolution import Defined, Used

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Hover:
    markdown: str
    span: m.Span


def hover(document: Document, line: int, column: int) -> Hover | None:
    """The first of: the diagnostic under the position, the name there, the word there."""
    return _name(document, line, column) or _diagnostic(document, line, column) or _word(document, line, column)


def _name(document: Document, line: int, column: int) -> Hover | None:
    if document.resolution is None:
        return None
    found = document.resolution.at(line, column)
    if found is None:
        return None
    defined = found.definition if isinstance(found, Used) else found
    if defined is None:
        return None
    return Hover(_describe(document, defined), found.span)


def _describe(document: Document, defined: Defined) -> str:
    if defined.kind == "input field":
        return f"input field `{defined.name}`\n\n```flow\n{document.line(defined.span.line).strip()}\n```"
    statement = document.statement_named(defined.span)
    if statement is None:
        return f"{defined.kind} `{defined.name}`, defined on line {defined.span.line}"
    return f"{defined.kind} `{defined.name}`\n\n```flow\n" + "\n".join(_written(document, statement)) + "\n```"


def _written(document: Document, statement: m.AnyStatement) -> list[str]:
    """The statement's first line and its settings (`retry`, `timeout`…), as written, without nested blocks."""
    first = document.line(statement.span.line)
    indent = len(first) - len(first.lstrip())
    lines = [first.strip()]
    for number in range(statement.span.line + 1, statement.span.end_line + 1):
        text = document.line(number)
        words = text.split()
        depth = len(text) - len(text.lstrip())
        if words and depth == indent + 2 and words[0] in CLAUSE_KEYWORDS - {"on", "else", "branch", "finally"}:
            lines.append("  " + text.strip())
    return lines


def _diagnostic(document: Document, line: int, column: int) -> Hover | None:
    for diagnostic in document.diagnostics:
        span = diagnostic.span
        if span is None or not span.line <= line <= span.end_line:
            continue
        if (line == span.line and column < span.column) or (line == span.end_line and column >= span.end_column):
            continue
        known = codes().get(diagnostic.code)
        if known is None:
            continue
        return Hover(f"**{diagnostic.code}**: {known.title}\n\n{known.explanation.strip()}", span)
    return None


def _word(document: Document, line: int, column: int) -> Hover | None:
    text = document.line(line)
    for match in WORD.finditer(text):
        if match.start() < column <= match.end():
            rest = WORD.search(text, match.end())
            meaning = explain(match.group(), rest.group() if rest else None)
            if meaning is None:
                return None
            span = m.Span(line=line, column=match.start() + 1, end_line=line, end_column=match.end() + 1)
            return Hover(f"`{match.group()}`: {meaning}", span)
    return None
