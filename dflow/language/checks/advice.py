"""Checks that look across the whole flow: time limits, types of comparisons, risky patterns.

Errors here are flows that cannot work (a wait longer than the flow may run,
a comparison that is never true); warnings are legal flows that are likely
mistakes (a callback that waits as long as the flow, an undo that never runs).
"""

from __future__ import annotations

from dflow.language import model as m
from dflow.language.checks.context import Checker
from dflow.language.checks.operations import check_operations
from dflow.language.diagnostics import did_you_mean, replace_with
from dflow.language.durations import seconds_words
from dflow.language.walk import (
    all_statements,
    child_blocks,
    expression_nodes,
    field_value,
    operation_name,
    statement_expressions,
)

COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}


def check_advice(checker: Checker) -> None:
    flow = checker.flow
    limit = flow.timeout_seconds
    _check_time(checker, flow.body, 0, limit)
    if flow.retry is not None:
        _check_retry_schedule(checker, flow.retry, limit)
    statements = list(all_statements(flow.body))
    for statement in statements:
        for expr in statement_expressions(statement):
            _check_comparisons(checker, expr)
        if isinstance(statement, m.WaitFor):
            _check_callback_timeout(checker, statement, limit)
        if isinstance(statement, m.Step):
            _check_at_most_once(checker, statement)
        retries = field_value(statement, "retry")
        for retry in retries if isinstance(retries, list) else []:
            _check_retry_schedule(checker, retry, limit)
    _check_undo_reachable(checker, flow.body, inside_batch=False, later_fallible=False)
    check_operations(checker)


# ---------------------------------------------------------------- time


def _check_time(checker: Checker, block: m.Block, elapsed: int, limit: int) -> int:
    """Add up the waits along each path; an error where one path outlasts the flow."""
    for statement in block.statements:
        if isinstance(statement, m.Wait) and statement.duration is not None:
            before = elapsed
            elapsed += int(statement.duration.seconds)
            if before <= limit < elapsed:
                checker.error(
                    "DF208",
                    f"the waits up to here add up to {seconds_words(elapsed)}, "
                    f"longer than the flow may run ({seconds_words(limit)})",
                    statement.span,
                    hint="shorten the waits, or raise the flow's `timeout` (at most 366 days)",
                )
        elif isinstance(statement, (m.If, m.Parallel)):
            blocks = [arm.body for arm in statement.arms] if isinstance(statement, m.If) else [
                branch.body for branch in statement.branches
            ]
            if isinstance(statement, m.If) and statement.otherwise is not None:
                blocks.append(statement.otherwise)
            elapsed = max([elapsed, *(_check_time(checker, b, elapsed, limit) for b in blocks)])
        elif isinstance(statement, m.ForEach):
            elapsed = _check_time(checker, statement.body, elapsed, limit)
    return elapsed


def _check_callback_timeout(checker: Checker, statement: m.WaitFor, limit: int) -> None:
    if statement.timeout is None:
        checker.warning(
            "DF401",
            f"`{statement.name.text}` has no timeout of its own: it may wait as long as "
            f"the whole flow ({seconds_words(limit)})",
            statement.name.span,
            hint="add a `timeout` under it, such as `timeout 15 minutes`",
        )
    elif statement.timeout.seconds > limit:
        checker.error(
            "DF207",
            f"the callback timeout ({seconds_words(int(statement.timeout.seconds))}) is longer "
            f"than the flow may run ({seconds_words(limit)})",
            statement.timeout.span,
            hint="shorten it, or raise the flow's `timeout`",
        )


# ---------------------------------------------------------------- risky patterns


def _check_retry_schedule(checker: Checker, retry: m.RetryPolicy, limit: int) -> None:
    """A cap below the first delay, and retries that alone outlast the flow's timeout."""
    every = retry.first_delay_seconds
    if retry.max_delay is not None and retry.max_delay.seconds < every:
        checker.warning(
            "DF404",
            f"`max delay {seconds_words(int(retry.max_delay.seconds))}` is shorter than "
            f"`every {seconds_words(every)}`: every retry waits only {seconds_words(int(retry.max_delay.seconds))}",
            retry.max_delay.span,
            hint="make `max delay` at least the first delay, or shorten `every`",
        )
    waited = retry_schedule_seconds(retry, limit)
    if waited > limit:
        checker.warning(
            "DF405",
            f"the retries alone can wait longer than the flow's timeout of {seconds_words(limit)}",
            retry.span,
            hint="retry fewer times, wait less between tries, or give the flow a longer `timeout`",
        )


def retry_schedule_seconds(retry: m.RetryPolicy, enough: int) -> float:
    """The delays of every retry added up, as written (no jitter); stops once past `enough`."""
    total = 0.0
    for delay in retry.delays():
        total += delay
        if total > enough:
            break
    return total


def _check_at_most_once(checker: Checker, step: m.Step) -> None:
    retries = step.retry or ([checker.flow.retry] if checker.flow.retry else [])
    most = max((retry.retries for retry in retries), default=0)
    if step.at_most_once and most > 0:
        checker.warning(
            "DF403",
            f"`{step.name.text}` runs at most once per attempt, yet may be attempted "
            f"{most + 1} times",
            step.name.span,
            hint="if the action must never run twice, give this step `retry 0 times`",
        )


def _check_undo_reachable(
    checker: Checker, block: m.Block, inside_batch: bool, later_fallible: bool
) -> bool:
    """Warn about undo calls that can never run; returns whether the block can fail."""
    can_fail = later_fallible
    for statement in reversed(block.statements):
        nested_batch = inside_batch or isinstance(statement, (m.Parallel, m.ForEach))
        # A group's `finally` runs after its statements: what fails there undoes them too.
        after_body = can_fail or (isinstance(statement, m.Group) and statement.finally_ is not None
                                  and _block_can_fail(statement.finally_))
        for child in child_blocks(statement):
            _check_undo_reachable(checker, child, nested_batch, after_body if child is statement_body(statement) else can_fail)
        undo = statement.undo_call
        if undo is not None and not can_fail and not inside_batch:
            checker.warning(
                "DF402",
                f"the undo of `{operation_name(statement)}` can never run: nothing after it can fail",
                undo.span,
                hint="undo calls run only when a later operation fails; remove it or move the step",
            )
        if _fallible(statement) or any(_block_can_fail(child) for child in child_blocks(statement)):
            can_fail = True
    return can_fail


def _fallible(statement: m.AnyStatement) -> bool:
    """Whether the statement itself can fail: an operation, `fail`, a loop out of passes, a computed wait."""
    if isinstance(statement, m.Wait):
        return statement.amount is not None or statement.until is not None
    return statement.can_fail


def _block_can_fail(block: m.Block) -> bool:
    return any(_fallible(s) for s in all_statements(block))


def statement_body(statement: m.AnyStatement) -> m.Block | None:
    body = getattr(statement, "body", None)
    return body if isinstance(body, m.Block) else None


# ---------------------------------------------------------------- comparisons


def _check_comparisons(checker: Checker, expr: m.Expr) -> None:
    for node in expression_nodes(expr):
        if isinstance(node, m.Binary) and node.op in COMPARISONS:
            _check_comparison(checker, node)
        elif isinstance(node, m.Unary) and node.op == "-":
            _check_negation(checker, node)


def _check_negation(checker: Checker, node: m.Unary) -> None:
    kind = known_type(checker.flow, node.operand)
    if kind is not None and kind != "number":
        checker.error(
            "DF292",
            f"`{_text(node.operand)}` is {_article(kind)}: only a number can be made negative with `-`",
            node.span,
            hint=_comparison_hint(node.operand) or "put `-` before a number, as in `-3` or `-input.amount`",
        )


def _check_comparison(checker: Checker, node: m.Binary) -> None:
    left, right = known_type(checker.flow, node.left), known_type(checker.flow, node.right)
    if left and right and "null" not in (left, right) and left != right:
        checker.error(
            "DF290",
            f"`{_text(node.left)}` is {_article(left)} and `{_text(node.right)}` is "
            f"{_article(right)}: they can never be {'equal' if node.op in ('==', '!=') else 'compared'}",
            node.span,
            hint=_comparison_hint(node.right if right != left else node.left),
        )
        return
    field, literal = _choice_and_literal(checker.flow, node)
    if field is not None and literal is not None and node.op in ("==", "!="):
        suggestion = did_you_mean(str(literal.value), {str(c) for c in field.type.choices})
        shown = ", ".join(f'"{c}"' for c in field.type.choices)
        checker.error(
            "DF291",
            f"`input.{field.name.text}` is one of {shown}: it is never \"{literal.value}\"",
            literal.span,
            hint=f'did you mean "{suggestion}"?' if suggestion else None,
            fix=replace_with(literal.span, f'"{suggestion}"' if suggestion else None),
        )


def known_type(flow: m.Flow, expr: m.Expr) -> str | None:
    """The JSON type an expression certainly has, or None when it depends on the data."""
    if isinstance(expr, m.LiteralValue):
        value = expr.value
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "boolean"
        return "string" if isinstance(value, str) else "number"
    if isinstance(expr, m.Template):
        return "string"
    if isinstance(expr, m.Unary):
        return "number" if expr.op == "-" else "boolean"
    if isinstance(expr, m.FunctionCall):
        return {"len": "number", "lower": "string", "upper": "string", "round": "number"}.get(expr.function)
    field = _input_field(flow, expr)
    if field is None:
        return None
    type_ = field.type
    if type_.name == "choice":
        kinds = {known_type(flow, m.LiteralValue(value=c, span=type_.span)) for c in type_.choices}
        return kinds.pop() if len(kinds) == 1 else None
    return {"integer": "number", "any": None}.get(type_.name, type_.name)


def _input_field(flow: m.Flow, expr: m.Expr) -> m.InputField | None:
    if isinstance(expr, m.Attribute) and isinstance(expr.target, m.Reference) and expr.target.name == "input":
        return next((f for f in flow.inputs or [] if f.name.text == expr.name), None)
    return None


def _choice_and_literal(flow: m.Flow, node: m.Binary) -> tuple[m.InputField | None, m.LiteralValue | None]:
    for one, other in ((node.left, node.right), (node.right, node.left)):
        field = _input_field(flow, one)
        if field is not None and field.type.name == "choice" and isinstance(other, m.LiteralValue):
            if other.value is not None and other.value not in field.type.choices:
                return field, other
    return None, None


def _comparison_hint(literal: m.Expr) -> str | None:
    if isinstance(literal, m.LiteralValue) and isinstance(literal.value, str):
        try:
            number = float(literal.value)
        except ValueError:
            return None
        return f"to compare with the number, write {number:g} without quotes"
    return None


def _article(kind: str) -> str:
    return {"null": "null", "list": "a list", "map": "a map"}.get(
        kind, f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    )


def _text(expr: m.Expr) -> str:
    if isinstance(expr, m.LiteralValue):
        return '"' + expr.value + '"' if isinstance(expr.value, str) else str(expr.value).lower()
    if isinstance(expr, m.Attribute):
        return f"{_text(expr.target)}.{expr.name}"
    if isinstance(expr, m.Reference):
        return expr.name
    return "this value"
