"""Lines that are right but in the wrong place: short of their indentation, or cut by a quote.

Both are found by what would make the flow read on: the line tried at the
indentations the lines above offer, or the quote that ended a string inside
its `{…}`. Each says where the line belongs, and an indentation comes with
its fix as data.
"""

from __future__ import annotations

import re

from lark import Lark, Token, UnexpectedInput

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, Fix, point, source_lines
from dflow.language.grammar.comments import comment_start


STRING_LITERAL = re.compile(r'"(?:\\.|[^"\\])*"')


def quote_inside_braces(token: Token, source: str) -> Diagnostic | None:
    """`"status: {if ok then "yes" …}"`: the `"` before `yes` ended the string inside its `{…}`."""
    before = _line_before(token, source)
    for literal in STRING_LITERAL.finditer(before):
        if before[literal.end():].strip():
            continue
        inner = literal.group()[1:-1].replace("{{", "").replace("}}", "")
        if inner.count("{") > inner.count("}"):
            quote = point(token.line or 1, literal.end(), 1)
            return Diagnostic(
                "DF037",
                f"this `\"` ends the string in the middle of its `{{…}}`, so `{token}` is outside it",
                quote,
                hint='inside `{…}` in a string, write a quote as `\\"`: "status: {if ok then \\"yes\\" else \\"no\\"}"',
            )
    return None


def misindented(source: str, number: int, parser: Lark) -> Diagnostic | None:
    """A line that would be right indented further, under a line above it: said so, with the fix.

    `undo …` at the margin under a step, an input field at column 0, a
    `timeout` two spaces short: each is tried at the indentations the lines
    above offer (as their sibling, or indented under them); the first that
    lets the flow parse past this line is the one meant.
    """
    lines = source_lines(source)
    if not 0 < number <= len(lines):
        return None
    text = lines[number - 1]
    width = len(text) - len(text.lstrip(" "))
    for candidate in _indentations_above(lines, number, width):
        trial = [*lines[: number - 1], " " * candidate + text.lstrip(" "), *lines[number:]]
        if not _parses_past("\n".join(trial), number, parser):
            continue
        owner = next(index for index in range(number - 1, 0, -1)
                     if _without_comment(lines[index - 1]).strip() and
                     len(lines[index - 1]) - len(lines[index - 1].lstrip(" ")) < candidate)
        more = candidate - width
        spaces = f"{more} more space{'s' if more != 1 else ''}"
        return Diagnostic(
            "DF036",
            f"this line belongs under line {owner}, but is not indented under it",
            point(number, width + 1, len(_without_comment(text).strip())),
            hint=f"indent it under line {owner} ({spaces})",
            fix=Fix(m.Span.model_construct(line=number, column=1, end_line=number, end_column=1), " " * more, f"indent it ({spaces})"),
        )
    return None


def _indentations_above(lines: list[str], number: int, width: int) -> list[int]:
    """Deeper indentations the lines above offer, nearest first: under one, or beside it."""
    found: list[int] = []
    for index in range(number - 1, 0, -1):
        code = _without_comment(lines[index - 1])
        if not code.strip():
            continue
        above = len(code) - len(code.lstrip(" "))
        for candidate in (above + 2, above):
            if candidate > width and candidate not in found:
                found.append(candidate)
        if above == 0:
            break
    return found


def _parses_past(text: str, number: int, parser: Lark) -> bool:
    try:
        parser.parse(text if text.endswith("\n") else text + "\n", start="start")
    except UnexpectedInput as error:
        return (getattr(error, "line", 0) or 0) > number
    except Exception:  # noqa: BLE001 - an indentation lark cannot follow is no fix
        return False
    return True




def _without_comment(line: str) -> str:
    start = comment_start(line)
    return line if start is None else line[:start]


def _line_before(token: Token, source: str) -> str:
    """The text of the token's line before it."""
    lines = source.split("\n")
    line = lines[token.line - 1] if token.line and token.line <= len(lines) else ""
    return line[: (token.column or 1) - 1]
