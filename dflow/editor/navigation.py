"""Go to definition, references and rename of the names a flow defines, from the resolved view."""

from __future__ import annotations

from dflow.editor.document import Document
from dflow.language import model as m
from dflow.language.grammar.keywords import IDENTIFIER, KEYWORDS
from dflow.language.resolution import Defined, Used


def _defined_at(document: Document, line: int, column: int) -> Defined | None:
    """The definition of the name at a position, whether the position is on a use or on the definition."""
    if document.resolution is None:
        return None
    found = document.resolution.at(line, column)
    if isinstance(found, Used):
        return found.definition
    return found


def definition(document: Document, line: int, column: int) -> m.Span | None:
    """Where the name at a position is defined (an input field: its line in the `input` block)."""
    defined = _defined_at(document, line, column)
    return defined.span if defined is not None else None


def references(document: Document, line: int, column: int, include_definition: bool = True) -> list[m.Span]:
    """Every place the name at a position is defined, set again and read, in source order."""
    defined = _defined_at(document, line, column)
    if defined is None:
        return []
    spans = [*defined.also_set_at, *(used.span for used in defined.uses)]
    if include_definition:
        spans.append(defined.span)
    return sorted(spans, key=lambda span: (span.line, span.column))


class RenameRefused(Exception):
    """A rename that would not give a valid flow: the message says why."""


def rename(document: Document, line: int, column: int, new_name: str) -> list[m.Span]:
    """The spans to write `new_name` over; raises RenameRefused for a name the flow cannot take."""
    defined = _defined_at(document, line, column)
    if defined is None or defined.kind == "input field":
        raise RenameRefused("only the names a flow's statements define can be renamed here")
    statement = document.statement_named(defined.span)
    if isinstance(statement, m.Step) and not statement.explicit_name:
        raise RenameRefused(f"this step takes its name from its action: write `step NEW_NAME = {defined.name}(…)`")
    if not IDENTIFIER.match(new_name) or new_name in KEYWORDS:
        raise RenameRefused(f"`{new_name}` cannot be a name: use letters, digits and _, and no word of the language")
    taken = {d.name for d in document.resolution.definitions} if document.resolution else set()
    if new_name in taken and new_name != defined.name:
        raise RenameRefused(f"`{new_name}` is already a name in this flow")
    return references(document, line, column)
