"""Indentation checks that run before parsing, so their errors can name the line.

lark's indenter reports a bad dedent without a position; this pass finds the
same mistakes with one, along with tabs. Lines inside brackets continue the
line above, so their indentation does not count, exactly as for the indenter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflow.language.diagnostics import Diagnostic, point, source_lines
from dflow.language.grammar.comments import code_characters
from dflow.language.grammar.limits import MAX_BLOCK_DEPTH, block_too_deep

LEADING = re.compile(r"[ \t]*")
OPENS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def layout_errors(text: str) -> Iterator[Diagnostic]:
    """Tabs in indentation, and dedents that match no open block."""
    stack = [0]
    depth = 0
    for number, line in enumerate(source_lines(text), start=1):
        indentation = LEADING.match(line).group()  # type: ignore[union-attr]
        body = line[len(indentation):]
        if "\t" in indentation:
            yield Diagnostic(
                "DF002",
                "a tab is used for indentation",
                point(number, indentation.index("\t") + 1),
                hint="indent with spaces only (two per level is the convention)",
            )
            return
        if depth == 0 and body and not body.startswith("#"):
            width = len(indentation)
            if width > stack[-1]:
                stack.append(width)
                if len(stack) - 1 > MAX_BLOCK_DEPTH:
                    yield block_too_deep(number, len(stack) - 1)
                    return
            while width < stack[-1]:
                stack.pop()
            if width != stack[-1]:
                yield _dedent_error(number, width, stack)
                return
        depth = max(0, depth + bracket_change(body))


def _dedent_error(number: int, width: int, stack: list[int]) -> Diagnostic:
    options = sorted({level for level in stack if level != width} | {stack[-1]})
    columns = " or ".join(f"{level} spaces" for level in options[-2:])
    return Diagnostic(
        "DF005",
        f"this line is indented by {width} spaces, which matches no block above it",
        point(number, 1, max(width, 1)),
        hint=f"indent it like the block it belongs to ({columns})",
    )


def bracket_change(body: str) -> int:
    """How much the line opens (+) or closes (-) brackets, outside strings and comments."""
    return sum(OPENS.get(char, 0) for _, char in code_characters(body))


def unclosed_bracket(text: str) -> tuple[int, int, str] | None:
    """(line, column, bracket) of the first bracket never closed, outside strings and comments."""
    open_brackets: list[tuple[int, int, str]] = []
    for number, line in enumerate(source_lines(text), start=1):
        for index, char in code_characters(line):
            if OPENS.get(char) == 1:
                open_brackets.append((number, index + 1, char))
            elif OPENS.get(char) == -1 and open_brackets:
                open_brackets.pop()
    return open_brackets[0] if open_brackets else None
