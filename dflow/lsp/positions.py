"""dflow's positions (lines and columns from 1, in characters) and LSP's (from 0, in UTF-16 code units)."""

from __future__ import annotations

from lsprotocol import types as lsp

from dflow.editor.document import Document
from dflow.language import model as m


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_lsp(document: Document, line: int, column: int) -> lsp.Position:
    text = document.line(line)
    return lsp.Position(line=max(line - 1, 0), character=utf16_length(text[: max(column - 1, 0)]))


def range_of(document: Document, span: m.Span | None) -> lsp.Range:
    if span is None:
        return lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
    return lsp.Range(start=to_lsp(document, span.line, span.column), end=to_lsp(document, span.end_line, span.end_column))


def from_lsp(document: Document, position: lsp.Position) -> tuple[int, int]:
    """The line and column (from 1, in characters) of an LSP position."""
    text = document.line(position.line + 1)
    units = 0
    for index, character in enumerate(text):
        if units >= position.character:
            return position.line + 1, index + 1
        units += utf16_length(character)
    return position.line + 1, len(text) + 1
