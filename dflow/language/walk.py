"""Traversals of the model shared by the checker and the lowering stage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from dflow.language import model as m


def field_value(node: m.Node, key: str) -> object:
    """A field of a node, or None when its class has no such field.

    `getattr(node, key, None)` takes pydantic's slow path for a missing
    attribute, and walks ask this of every statement many times over.
    """
    return vars(node).get(key)


def expression_nodes(expr: m.Expr) -> Iterator[m.Expr]:
    """Every node of an expression, the root first."""
    stack: list[m.Expr] = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(expression_children(node))


def expression_children(node: m.Expr) -> list[m.Expr]:
    """The expressions directly inside one expression node."""
    if isinstance(node, m.Template):
        return [part for part in node.parts if not isinstance(part, str)]
    if isinstance(node, m.Attribute):
        return [node.target]
    if isinstance(node, m.Index):
        return [node.target, node.index]
    if isinstance(node, m.ListExpr):
        return list(node.items)
    if isinstance(node, m.MapExpr):
        return [entry.value for entry in node.entries]
    if isinstance(node, m.Unary):
        return [node.operand]
    if isinstance(node, m.Binary):
        return [node.left, node.right]
    if isinstance(node, m.FunctionCall):
        return list(node.args)
    if isinstance(node, m.Conditional):
        return [node.condition, node.then, node.otherwise]
    if isinstance(node, m.Comprehension):
        return [node.items, node.element] + ([node.condition] if node.condition is not None else [])
    return []


def child_blocks(statement: m.AnyStatement) -> list[m.Block]:
    """The blocks nested directly in a statement, in source order."""
    match statement:
        case m.If():
            arms = [arm.body for arm in statement.arms]
            return arms + ([statement.otherwise] if statement.otherwise is not None else [])
        case m.Parallel():
            return [branch.body for branch in statement.branches] + _handler_blocks(statement)
        case m.ForEach() | m.Repeat():
            return [statement.body, *_handler_blocks(statement)]
        case m.Group():
            finally_ = [statement.finally_] if statement.finally_ is not None else []
            return [statement.body, *_handler_blocks(statement), *finally_]
        case m.Step() | m.WaitFor() | m.Invoke() | m.Poll():
            return _handler_blocks(statement)
        case m.Wait() | m.SetValue() | m.Log() | m.Return() | m.Fail():
            return []
        case _:
            assert_never(statement)


def _handler_blocks(statement: m.AnyStatement) -> list[m.Block]:
    return [handler.body for handler in handlers(statement)]


def handlers(statement: m.AnyStatement) -> list[m.Handler]:
    """A statement's `on timeout` and `on failure` blocks, in source order."""
    match statement:
        case m.WaitFor():
            timeout = [statement.on_timeout] if statement.on_timeout is not None else []
            return timeout + statement.on_failure
        case m.Step() | m.Invoke() | m.Poll() | m.Parallel() | m.ForEach() | m.Repeat() | m.Group():
            return statement.on_failure
        case m.Wait() | m.If() | m.SetValue() | m.Log() | m.Return() | m.Fail():
            return []
        case _:
            assert_never(statement)


def all_statements(block: m.Block) -> Iterator[m.AnyStatement]:
    """Every statement in a block and the blocks inside it, in source order."""
    for statement in block.statements:
        yield statement
        for child in child_blocks(statement):
            yield from all_statements(child)


def calls(statement: m.AnyStatement) -> list[m.Call]:
    """The action calls written in a statement: its call, then its undo call (built-in steps apart)."""
    found = (field_value(statement, "call"), field_value(statement, "undo"))
    return [call for call in found if isinstance(call, m.Call) and not call.builtin]


def statement_expressions(statement: m.AnyStatement) -> list[m.Expr]:
    """The expressions written directly in a statement (not in its nested blocks), in source order."""
    written: list[m.Expr | None]
    match statement:
        case m.Step():
            undo = call_expressions(statement.undo) if statement.undo is not None else []
            written = [*call_expressions(statement.call), *undo]
        case m.WaitFor():
            written = [*call_expressions(statement.call)]
        case m.Poll():
            written = [*call_expressions(statement.call), statement.until]
        case m.Wait():
            written = [statement.until, statement.amount]
        case m.If():
            written = [arm.condition for arm in statement.arms]
        case m.Invoke():
            written = [statement.payload]
        case m.ForEach():
            written = [statement.items]
        case m.Repeat():
            written = [statement.condition]
        case m.SetValue() | m.Return():
            written = [statement.value]
        case m.Log():
            written = [statement.message, statement.fields]
        case m.Fail():
            written = [statement.message]
        case m.Parallel() | m.Group():
            written = []
        case _:
            assert_never(statement)
    return [expr for expr in written if expr is not None]


def call_expressions(call: m.Call) -> list[m.Expr]:
    """The values a call passes: a built-in step's, then each argument's."""
    return [*call.positional, *(argument.value for argument in call.arguments)]


def all_expression_nodes(block: m.Block) -> list[m.Expr]:
    """Every node of every expression written in a block and the blocks inside it."""
    return [
        node
        for statement in all_statements(block)
        for expr in statement_expressions(statement)
        for node in expression_nodes(expr)
    ]


def operation_name(statement: m.AnyStatement) -> str | None:
    """The name a statement's operation has in the execution history, if it has one.

    An unnamed wait is named `wait` (`wait until` for one until a moment), never
    after its length: changing how long a wait lasts then renames nothing, so
    executions already waiting replay on the changed flow.
    """
    if isinstance(statement, m.Wait):
        if statement.name is not None:
            return statement.name.text
        return "wait until" if statement.until is not None else "wait"
    name = field_value(statement, "name")
    return name.text if isinstance(name, m.Name) else None


def undone(block: m.Block) -> list[tuple[str, m.Call]]:
    """What records an undo in a block, at any depth, in source order: its operation's name and the undo call."""
    return [
        (operation_name(statement) or "", call)
        for statement in all_statements(block)
        if (call := statement.undo_call) is not None
    ]


def clock_name(wait_name: str) -> str:
    """The step in which a `wait until` reads the clock."""
    return f"{wait_name} clock"
