"""Limits that keep every flow within what dflow and Python can handle, as located errors.

CPython refuses code nested more than 100 indentation levels or 200 brackets
deep, more than 20 `try` blocks deep in one function, and integers of more
than 4,300 digits; dflow's own stages recurse over the flow. A flow past
these limits must get an error that names its line, never invalid Python, a
`RecursionError` or an "internal error". The limits are far beyond what a
readable flow needs; docs/language.md lists them.
"""

from __future__ import annotations

import math

from lark import Token, Tree

from dflow.language.diagnostics import Diagnostic, point
from dflow.language.model import Span

MAX_BLOCK_DEPTH = 40  # blocks inside blocks: each becomes at most two Python indentation levels
MAX_TREE_DEPTH = 160  # a statement and its expressions, as parsed
MAX_DIGITS = 4300  # CPython's limit for an integer written in source
MAX_HANDLER_DEPTH = 8  # `on failure`/`on timeout` inside each other: two `try` levels each


def block_too_deep(line: int, depth: int) -> Diagnostic:
    return Diagnostic(
        "DF026",
        f"this line is {depth} blocks deep; a flow nests at most {MAX_BLOCK_DEPTH} blocks",
        point(line, 1),
        hint="move the inner part after the block, or into a flow of its own that you `invoke`",
    )


def parse_tree_limits(tree: Tree[Token]) -> list[Diagnostic]:
    """Numbers too long to be numbers, and expressions nested too deeply to compile.

    Walks the tree with a stack, not recursion: the point is to refuse trees
    too deep for the recursive stages that follow.
    """
    problems: list[Diagnostic] = []
    deepest: Span | None = None
    stack: list[tuple[Tree[Token] | Token, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH and deepest is None:
            deepest = _tree_point(node) if isinstance(node, Tree) else _token_point(node)
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in reversed(node.children) if child is not None)
            continue
        if node.type in ("INT", "DECIMAL"):
            problem = _number_problem(str(node))
            if problem:
                problems.append(Diagnostic("DF029", problem, _token_point(node),
                                           hint="numbers in a flow are JSON numbers: write it with fewer digits"))
    if deepest is not None:
        problems.append(Diagnostic(
            "DF028",
            f"this expression is nested too deeply: more than {MAX_TREE_DEPTH} levels of "
            "operators, lists, maps and calls",
            deepest,
            hint="compute parts of it first with `set NAME = …` and use the names",
        ))
    return problems


def _number_problem(text: str) -> str | None:
    digits = sum(char.isdigit() for char in text)
    if digits > MAX_DIGITS:
        return f"this number has {digits} digits; a number has at most {MAX_DIGITS}"
    if "." in text and not math.isfinite(float(text)):
        return "this number is too large to be a number"
    return None


def _tree_point(tree: Tree[Token]) -> Span:
    meta = tree.meta
    return point(getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)


def _token_point(token: Token) -> Span:
    return point(token.line or 1, token.column or 1, len(str(token)))
