"""The outline of a flow: its statements, nested as the flow nests them (groups, branches, loops, handlers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dflow.language import model as m
from dflow.language.walk import child_blocks, field_value


@dataclass
class Symbol:
    name: str
    kind: str  # the statement's kind: "step", "parallel", "branch"…
    span: m.Span  # the whole statement
    name_span: m.Span  # what to select: its NAME, or the statement's first line
    children: list[Symbol] = field(default_factory=list)


def symbols(flow: m.Flow) -> list[Symbol]:
    return _block(flow.body)


def _block(block: m.Block) -> list[Symbol]:
    return [_statement(statement) for statement in block.statements]


def _statement(statement: m.AnyStatement) -> Symbol:
    name = field_value(statement, "name")
    label = name.text if isinstance(name, m.Name) else statement.kind.replace("_", " ")
    selected = name.span if isinstance(name, m.Name) else _first_line(statement.span)
    symbol = Symbol(label, statement.kind, statement.span, selected)
    if isinstance(statement, m.Parallel):
        for branch in statement.branches:
            symbol.children.append(Symbol(branch.name.text, "branch", branch.span, branch.name.span,
                                          _block(branch.body)))
        blocks = child_blocks(statement)[len(statement.branches):]
    else:
        blocks = child_blocks(statement)
    for block in blocks:
        symbol.children.extend(_block(block))
    return symbol


def _first_line(span: m.Span) -> m.Span:
    return m.Span(line=span.line, column=span.column, end_line=span.line, end_column=span.column + 1)
