"""Stage 1: `.flow` text → `model.Flow`, or diagnostics that say what is wrong and where.

The grammar is loaded once per process and kept in memory only: nothing is
written next to the package, so a read-only install (Lambda's) works.
Syntax errors are recovered from line by line, so one run reports every
independent mistake, each once.
"""

from __future__ import annotations

import functools
from importlib import resources

from lark import Lark, Token, Tree, UnexpectedInput
from lark.indenter import DedentError

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, FlowError, point
from dflow.language.grammar.comments import find_comments
from dflow.language.grammar.layout import layout_errors
from dflow.language.grammar.limits import parse_tree_limits
from dflow.language.grammar.strings import ReportedSyntaxError
from dflow.language.grammar.syntax import end_of_text, explain
from dflow.language.grammar.transform import FlowBuilder

MAX_SYNTAX_ERRORS = 20


@functools.cache
def flow_parser() -> Lark:
    """The LALR parser for `.flow` files: the shipped one when it matches the grammar, else built."""
    from dflow.language.grammar.build import PARSER, build, grammar_stamp, grammar_text

    text = grammar_text()
    shipped = resources.files("dflow.language.grammar").joinpath(PARSER)
    if shipped.is_file():
        with shipped.open("rb") as handle:
            if handle.readline() == grammar_stamp(text):
                try:
                    return Lark.load(handle)
                except Exception:  # noqa: BLE001 - a damaged file is rebuilt from the grammar, never fatal
                    pass
    return build(text)


def parse_flow(text: str) -> m.Flow:
    """Parse a whole `.flow` file; raises `FlowError` with every problem found."""
    if all(not line.strip() or line.strip().startswith("#") for line in text.split("\n")):
        raise FlowError([Diagnostic(
            "DF025", "this file has no flow in it", point(1, 1),
            hint="a flow starts with `flow NAME` on its first line, then its statements",
        )])
    layout = list(layout_errors(text))
    if layout:
        raise FlowError(layout)
    source = text if text.endswith("\n") else text + "\n"
    tree, errors = _parse_recovering(source)
    if errors or tree is None:
        raise FlowError(errors)
    _refuse_past_limits(tree)
    builder = FlowBuilder(find_comments(source), parse_expression)
    flow: m.Flow = builder.transform(tree)
    if builder.diagnostics:
        raise FlowError(builder.diagnostics)
    return flow


def parse_expression(source: str, line: int = 1, column: int = 1) -> m.Expr:
    """Parse one expression (the inside of `{…}`), with positions moved to `line:column`."""
    try:
        tree = flow_parser().parse(source, start="expr")
    except UnexpectedInput as error:
        diagnostic = explain(error, source, flow_parser(), whole="this expression")
        raise ReportedSyntaxError([_moved(diagnostic, line, column)]) from None
    try:
        _refuse_past_limits(tree)
    except FlowError as error:
        raise ReportedSyntaxError([_moved(d, line, column) for d in error.diagnostics]) from None
    builder = FlowBuilder(find_comments(""), parse_expression)
    expression: m.Expr = builder.transform(tree)
    if builder.diagnostics:
        raise ReportedSyntaxError([_moved(d, line, column) for d in builder.diagnostics])
    return _shift(expression, line, column)


def parse_piece(start: str, source: str, line: int, column: int) -> object:
    """Parse one piece of flow syntax (a call, a duration…) found inside another file at line:column.

    Raises `FlowError` with positions in that file. Used by the YAML form.
    """
    try:
        tree = flow_parser().parse(source, start=start)
    except UnexpectedInput as error:
        diagnostic = explain(error, source, flow_parser(), whole="this value")
        raise FlowError([_moved(diagnostic, line, column)]) from None
    if isinstance(tree, Tree):
        try:
            _refuse_past_limits(tree)
        except FlowError as error:
            raise FlowError([_moved(d, line, column) for d in error.diagnostics]) from None
    builder = FlowBuilder(find_comments(""), parse_expression)
    try:
        piece = builder.transform(tree)
    except ReportedSyntaxError as error:
        raise FlowError([_moved(d, line, column) for d in error.diagnostics]) from None
    if builder.diagnostics:
        raise FlowError([_moved(d, line, column) for d in builder.diagnostics])
    return _shift_value(piece, line, column)


def _refuse_past_limits(tree: Tree[Token]) -> None:
    problems = parse_tree_limits(tree)
    if problems:
        raise FlowError(problems)


def _parse_recovering(source: str) -> tuple[Tree[Token] | None, list[Diagnostic]]:
    """Parse; after each error, blank the offending line (and its block) and go on."""
    errors: list[Diagnostic] = []
    current = source
    while len(errors) < MAX_SYNTAX_ERRORS:
        try:
            return flow_parser().parse(current, start="start"), errors
        except UnexpectedInput as error:
            diagnostic = explain(error, current, flow_parser())
        except DedentError:
            diagnostic = Diagnostic("DF005", "the indentation matches no block above", end_of_text(current))
        assert diagnostic.span is not None
        # Errors are found top to bottom: one above the last is a consequence of
        # blanking that line (a block left empty), not a mistake of its own.
        if not errors or diagnostic.span.line > errors[-1].span.line:  # type: ignore[union-attr]
            errors.append(diagnostic)
        # DF020 points at the block's opener: it and the lines that lost their indentation go.
        line = diagnostic.span.line
        recovered = _blank_lost_block(current, line) if diagnostic.code == "DF020" else _blank_statement(current, line)
        if recovered == current:
            break
        current = recovered
    return None, errors


def _blank_lost_block(source: str, opener: int) -> str:
    """Blank a block's opener and the lines that lost their indentation under it.

    They stand at the opener's own indentation, up to a line indented less or
    a blank line (the canonical layout puts one before each top-level
    statement); after an `if`, its `else` arms go too. Otherwise each of those
    lines would be one more error, all caused by the one mistake.
    """
    lines = source.split("\n")
    width = _indentation(lines[opener - 1])
    is_choice = lines[opener - 1].strip().startswith(("if ", "else"))
    end = opener
    in_else = False
    while end < len(lines):
        text = lines[end]
        if not text.strip() and not _continues_with_else(lines, end, width, is_choice):
            break
        if text.strip():
            indentation = _indentation(text)
            if indentation < width:
                break
            if indentation == width and is_choice:
                starts_else = text.strip().startswith("else")
                if in_else and not starts_else:
                    break
                in_else = in_else or starts_else
        end += 1
    for index in range(opener - 1, end):
        lines[index] = ""
    return "\n".join(lines)


def _continues_with_else(lines: list[str], index: int, width: int, is_choice: bool) -> bool:
    """After blank lines, does an `else` of this `if` follow, at its indentation?"""
    following = next((line for line in lines[index:] if line.strip()), "")
    return is_choice and _indentation(following) == width and following.strip().startswith("else")


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_statement(source: str, line: int) -> str:
    """The source with line `line` and the lines indented under it made blank."""
    lines = source.split("\n")
    if not 0 < line <= len(lines) or not lines[line - 1].strip():
        return source
    indentation = _indentation(lines[line - 1])
    choice = lines[line - 1].strip().startswith(("if ", "else"))
    end = line
    while end < len(lines):
        text = lines[end]
        if text.strip() and _indentation(text) <= indentation:
            # A broken `if` takes its `else` arms with it: they are one mistake, not two.
            if not (choice and _indentation(text) == indentation and text.strip().startswith("else")):
                break
        end += 1
    for index in range(line - 1, end):
        lines[index] = ""
    return "\n".join(lines)


def _moved(diagnostic: Diagnostic, line: int, column: int) -> Diagnostic:
    if diagnostic.span is None:
        return diagnostic
    span = _shift_span(diagnostic.span, line, column)
    return Diagnostic(diagnostic.code, diagnostic.message, span, diagnostic.severity, diagnostic.hint)


def _shift_span(span: m.Span, line: int, column: int) -> m.Span:
    """Move a span parsed from a one-line snippet to where the snippet starts."""
    return m.Span.model_construct(
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
