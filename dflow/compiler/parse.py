"""Stage 1: `.flow` text → `model.Flow`, or diagnostics that say what is wrong and where.

The grammar is loaded once per process and kept in memory only: nothing is
written next to the package, so a read-only install (Lambda's) works.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources

from lark import Lark, Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.indenter import Indenter

from dflow.compiler import model as m
from dflow.compiler.comments import find_comments
from dflow.compiler.diagnostics import Diagnostic, FlowError, point
from dflow.compiler.strings import ReportedSyntaxError
from dflow.compiler.transform import FlowBuilder

# What users see instead of lark's terminal names.
TOKEN_WORDS = {
    "NAME": "a name",
    "INT": "a whole number",
    "DECIMAL": "a number",
    "STRING": 'a string in double quotes ("…")',
    "RUNTIME_ID": "a Lambda runtime such as `python3.14`",
    "TYPE_NAME": "a type (string, integer, number, boolean, map, any)",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*`, `/` or `%`",
    "OPTIONAL_MARK": "`?`",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the indented block",
    "$END": "the end of the file",
}
EXPRESSION_STARTS = {"NAME", "INT", "STRING", "LSQB", "LBRACE"}


class FlowIndenter(Indenter):
    """Turns the indentation carried by `_NL` tokens into `_INDENT`/`_DEDENT`."""

    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR", "LSQB", "LBRACE"]
    CLOSE_PAREN_types = ["RPAR", "RSQB", "RBRACE"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8


@functools.cache
def flow_parser() -> Lark:
    """The LALR parser for `.flow` files, built once per process."""
    grammar = resources.files("dflow.grammar").joinpath("flow.lark").read_text("utf-8")
    return Lark(
        grammar,
        parser="lalr",
        postlex=FlowIndenter(),
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", "expr"],
    )


def parse_flow(text: str) -> m.Flow:
    """Parse a whole `.flow` file; raises `FlowError` with every problem found."""
    tab_errors = list(_tab_errors(text))
    if tab_errors:
        raise FlowError(tab_errors)
    source = text if text.endswith("\n") else text + "\n"
    builder = FlowBuilder(find_comments(source), parse_expression)
    try:
        tree = flow_parser().parse(source, start="start")
    except UnexpectedInput as error:
        raise FlowError([syntax_diagnostic(error, source)]) from None
    flow: m.Flow = builder.transform(tree)
    if builder.diagnostics:
        raise FlowError(builder.diagnostics)
    return flow


def parse_expression(source: str, line: int = 1, column: int = 1) -> m.Expr:
    """Parse one expression (the inside of `{…}`), with positions moved to `line:column`."""
    try:
        tree = flow_parser().parse(source, start="expr")
    except UnexpectedInput as error:
        diagnostic = syntax_diagnostic(error, source)
        raise ReportedSyntaxError([_moved(diagnostic, line, column)]) from None
    builder = FlowBuilder(find_comments(""), parse_expression)
    expression: m.Expr = builder.transform(tree)
    if builder.diagnostics:
        raise ReportedSyntaxError([_moved(d, line, column) for d in builder.diagnostics])
    return _shift(expression, line, column)


def syntax_diagnostic(error: UnexpectedInput, source: str) -> Diagnostic:
    """Translate a lark error into plain words at the right place."""
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = source[position] if position < len(source) else ""
        return Diagnostic(
            "DF001",
            f"unexpected character `{char}`",
            point(error.line, error.column),
            hint=_expected_hint(error.allowed or set()),
        )
    if isinstance(error, UnexpectedToken) and error.token.type not in ("$END", "_DEDENT"):
        token = error.token
        return Diagnostic(
            "DF001",
            _unexpected(token),
            _token_span(token, source),
            hint=_expected_hint(error.expected),
        )
    assert isinstance(error, (UnexpectedEOF, UnexpectedToken))
    return Diagnostic(
        "DF001",
        "the file ends too early",
        _end_of_text(source),
        hint=_expected_hint(set(error.expected)),
    )


def _unexpected(token: Token) -> str:
    if token.type == "_NL":
        return "this line ends too early"
    if token.type == "_INDENT":
        return "unexpected indentation"
    if token.type == "NAME":
        return f"unexpected name `{token}`"
    return f"unexpected `{token}`"


def _end_of_text(source: str) -> m.Span:
    """Just after the last character written, ignoring trailing blank lines and comments."""
    lines = source.splitlines()
    for number in range(len(lines), 0, -1):
        text = lines[number - 1].split("#")[0].rstrip()
        if text:
            return point(number, len(text) + 1)
    return point(1, 1)


def _tab_errors(text: str) -> Iterator[Diagnostic]:
    for number, line in enumerate(text.splitlines(), start=1):
        indentation = re.match(r"[ \t]*", line)
        if indentation and "\t" in indentation.group():
            yield Diagnostic(
                "DF002",
                "a tab is used for indentation",
                point(number, indentation.group().index("\t") + 1),
                hint="indent with spaces only (two per level is the convention)",
            )


def _token_span(token: Token, source: str) -> m.Span:
    line = token.line or 1
    column = token.column or 1
    if token.type in ("_NL", "_DEDENT", "$END", "_INDENT"):
        # Point at the end of the line the user wrote, not at the next one.
        lines = source.splitlines()
        if token.type == "_NL" and 0 < line <= len(lines):
            column = len(lines[line - 1].split("#")[0].rstrip()) + 1
        return point(line, column)
    return point(line, column, len(str(token)))


def _expected_hint(expected: set[str]) -> str | None:
    if not expected:
        return None
    words: list[str] = []
    names = set(expected)
    if EXPRESSION_STARTS <= names:
        words.append("an expression")
        names -= EXPRESSION_STARTS | {"LPAR", "MINUS", "NOT", "TRUE", "FALSE", "NULL", "DECIMAL"}
    words.extend(sorted(_word(name) for name in names))
    if len(words) == 1:
        return f"expected {words[0]}"
    return "expected one of: " + ", ".join(words)


@functools.cache
def _literal_terminals() -> dict[str, str]:
    return {
        terminal.name: terminal.pattern.value
        for terminal in flow_parser().terminals
        if terminal.pattern.type == "str"
    }


def _word(terminal: str) -> str:
    if terminal in TOKEN_WORDS:
        return TOKEN_WORDS[terminal]
    literal = _literal_terminals().get(terminal)
    return f"`{literal}`" if literal else terminal.lower()


def _moved(diagnostic: Diagnostic, line: int, column: int) -> Diagnostic:
    if diagnostic.span is None:
        return diagnostic
    span = _shift_span(diagnostic.span, line, column)
    return Diagnostic(diagnostic.code, diagnostic.message, span, diagnostic.severity, diagnostic.hint)


def _shift_span(span: m.Span, line: int, column: int) -> m.Span:
    """Move a span parsed from a one-line snippet to where the snippet starts."""
    return m.Span(
        line=line + span.line - 1,
        column=span.column + column - 1,
        end_line=line + span.end_line - 1,
        end_column=span.end_column + column - 1,
    )


def _shift(node: m.Expr, line: int, column: int) -> m.Expr:
    shifted = _shift_value(node, line, column)
    assert isinstance(shifted, m.Node)
    return shifted  # type: ignore[return-value]


def _shift_value(value: object, line: int, column: int) -> object:
    if isinstance(value, m.Span):
        return _shift_span(value, line, column)
    if isinstance(value, list):
        return [_shift_value(item, line, column) for item in value]
    if isinstance(value, m.Node):
        updates = {
            key: _shift_value(getattr(value, key), line, column)
            for key in type(value).model_fields
        }
        return value.model_copy(update=updates)
    return value
