"""Find the comments of a `.flow` file, which become descriptions of what follows them.

Strings never span lines, so one pass per line that skips quoted text is exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dflow.language.diagnostics import source_lines


@dataclass
class Comments:
    """Full-line comments and end-of-line comments, by line number (from 1)."""

    full_line: dict[int, str] = field(default_factory=dict)
    trailing: dict[int, str] = field(default_factory=dict)
    indents: dict[int, int] = field(default_factory=dict)  # every line's leading spaces

    def above(self, line: int) -> str | None:
        """The comment lines directly above `line`, joined, or None.

        A comment indented deeper than `line` ends the block above it: it
        describes nothing below.
        """
        lines: list[str] = []
        current = line - 1
        indent = self.indents.get(line, 0)
        while current in self.full_line and self.indents.get(current, 0) <= indent:
            lines.append(self.full_line[current])
            current -= 1
        return "\n".join(reversed(lines)) if lines else None


def find_comments(text: str) -> Comments:
    comments = Comments()
    for number, line in enumerate(source_lines(text), start=1):
        comments.indents[number] = len(line) - len(line.lstrip(" "))
        start = comment_start(line)
        if start is None:
            continue
        body = line[start + 1 :].strip()
        if line[:start].strip():
            comments.trailing[number] = body
        else:
            comments.full_line[number] = body
    return comments


def code_characters(line: str) -> Iterator[tuple[int, str]]:
    """(index, character) of a line's code: outside strings, before any comment.

    A `#` that ends the code is yielded too, so callers can tell where a comment starts.
    """
    in_string = False
    escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
            continue
        yield index, char
        if char == "#":
            return


def comment_start(line: str) -> int | None:
    """Where the line's comment begins (its `#`), or None; a `#` in a string is not one."""
    return next((index for index, char in code_characters(line) if char == "#"), None)
