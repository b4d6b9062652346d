"""Strings of a flow: escapes and `{expression}` interpolation, with exact columns.

A string token becomes a list of text and expression parts; expressions
inside `{…}` are parsed by the same grammar, their positions moved to where
they stand in the file.
"""

from __future__ import annotations

from collections.abc import Callable

from lark import Token

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, point

# `\r` and `\t` are dflow's additions to the three of the language: a carriage return cannot stand
# in a `.flow` file as it is (it would end the line), and a tab is clearer written out.
ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_CODES = [f"\\{code}" for code in ESCAPES]
_ESCAPES_IN_WORDS = "use " + ", ".join(_CODES[:-1]) + " or " + _CODES[-1]

# Parses the text of a `{…}` interpolation at (line, column); given by the parser module.
ExpressionParser = Callable[[str, int, int], m.Expr]


class StringDecoder:
    """Splits a string into text and `{expression}` parts.

    `raw` starts at `line:column` of its file. A `.flow` string token has
    escapes (`escapes=True`); YAML text arrives already unescaped.
    """

    def __init__(
        self, raw: str, line: int, column: int, parse_expression: ExpressionParser, escapes: bool = True
    ) -> None:
        self.raw = raw
        self.line = line
        self.column = column
        self.parse_expression = parse_expression
        self.escapes = escapes
        self.diagnostics: list[Diagnostic] = []

    @classmethod
    def for_token(cls, token: Token, parse_expression: ExpressionParser) -> StringDecoder:
        """The decoder of a `.flow` string token, quotes excluded."""
        return cls(str(token)[1:-1], token.line or 1, (token.column or 1) + 1, parse_expression)

    def decode(self) -> list[str | m.Expr]:
        parts: list[str | m.Expr] = []
        text: list[str] = []
        index = 0
        while index < len(self.raw):
            char = self.raw[index]
            if char == "\\" and self.escapes:
                text.append(self._escape(index))
                index += 2
            elif self.raw.startswith("{{", index) or self.raw.startswith("}}", index):
                text.append(char)
                index += 2
            elif char == "{":
                if text:
                    parts.append("".join(text))
                    text = []
                index = self._interpolation(index, parts)
            elif char == "}":
                self._fail(index, "a lone `}` in a string", "write `}}` for a literal brace")
                index += 1
            else:
                text.append(char)
                index += 1
        if text:
            parts.append("".join(text))
        return parts

    def _escape(self, index: int) -> str:
        code = self.raw[index + 1 : index + 2]
        if code in ESCAPES:
            return ESCAPES[code]
        self._fail(index, f"unknown escape `\\{code}` in a string", _ESCAPES_IN_WORDS)
        return code

    def _interpolation(self, start: int, parts: list[str | m.Expr]) -> int:
        end = self._closing_brace(start)
        if end is None:
            self._fail(start, "`{` is never closed in this string", "write `{{` for a literal brace")
            return len(self.raw)
        source = self.raw[start + 1 : end]
        if self.escapes:
            source = source.replace('\\"', '"').replace("\\\\", "\\")
        if not source.strip():
            self._fail(start, "empty `{}` in a string", "put an expression inside, or write `{{}}`")
        else:
            try:
                parts.append(self.parse_expression(source, self.line, self.column + start + 1))
            except ReportedSyntaxError as reported:
                self.diagnostics.extend(reported.diagnostics)
        return end + 1

    def _closing_brace(self, start: int) -> int | None:
        depth = 0
        in_string = False
        index = start
        while index < len(self.raw):
            char = self.raw[index]
            if char == "\\":
                # In a `.flow` string a quote inside `{…}` is `\"`; in YAML text, already unescaped,
                # a backslash only escapes within a string of the expression.
                if self.escapes and self.raw[index + 1 : index + 2] == '"':
                    in_string = not in_string
                index += 2
                continue
            if char == '"' and not self.escapes:
                in_string = not in_string
                index += 1
                continue
            if not in_string:
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth == 0:
                    return index
            index += 1
        return None

    def _fail(self, index: int, message: str, hint: str) -> None:
        self.diagnostics.append(
            Diagnostic("DF103", message, point(self.line, self.column + index), hint=hint)
        )


class ReportedSyntaxError(Exception):
    """An interpolation whose expression had syntax errors, already reported."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("syntax error in interpolation")
        self.diagnostics = diagnostics
