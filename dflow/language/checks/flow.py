"""Stage 2: semantic checks over the model; returns diagnostics and never raises.

Names follow the contract: every name an operation defines is unique within
its block and the blocks around it, and a reference must be defined on every
path that reaches it. Scopes are `ChainMap`s so the walk stays linear.
The header, expression and advisory checks live in the `check_*` modules.
"""

from __future__ import annotations

from typing import assert_never

from collections import ChainMap

from dflow.language import model as m
from dflow.language.checks.advice import check_advice
from dflow.language.checks.context import (
    FUNCTION_ARN,
    FUNCTION_NAME,
    MAX_FLOW_SECONDS,
    Checker,
    Definition,
    Scope,
    check_duration,
    check_error_name,
    check_name,
    check_retry,
)
from dflow.language.checks.expressions import check_call, check_expr, check_log_fields
from dflow.language.checks.header import check_header, check_inputs
from dflow.language.checks.resolution import Resolution
from dflow.language.diagnostics import Diagnostic
from dflow.language.grammar.limits import MAX_HANDLER_DEPTH
from dflow.language.walk import all_statements, field_value, handlers


def check_flow(flow: m.Flow) -> list[Diagnostic]:
    """Every problem in the flow, errors and warnings, in source order."""
    return check_flow_resolving(flow)[0]


def check_flow_resolving(flow: m.Flow) -> tuple[list[Diagnostic], Resolution]:
    """Every problem in the flow, and the resolved view the checks built on the way."""
    checker = Checker(flow)
    for field_ in flow.inputs or []:
        checker.resolution.define(field_.name, "input field", 10**9)
    for statement in all_statements(flow.body):
        name = field_value(statement, "name")
        if isinstance(name, m.Name):
            checker.all_names.setdefault(name.text, name)
        for handler in handlers(statement):
            if handler.alias is not None:
                checker.failure_names.setdefault(handler.alias.text, handler.alias)
    check_header(checker)
    check_inputs(checker)
    check_advice(checker)
    _check_block(checker, flow.body, ChainMap())
    diagnostics = sorted(
        checker.diagnostics,
        key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0),
    )
    return diagnostics, checker.resolution


# ---------------------------------------------------------------- statements


def _check_block(checker: Checker, block: m.Block, scope: Scope) -> bool:
    """Check a block in `scope` (which it extends); True when every path through it ends."""
    ended = False
    checker.block_ends.append(block.statements[-1].span.end_line if block.statements else 0)
    try:
        for statement in block.statements:
            if ended:
                checker.error(
                    "DF301",
                    "this statement can never run: the one before it always ends the flow",
                    statement.span,
                    hint="remove it, or move it before the `return` or `fail`",
                )
                return True
            ended = _check_statement(checker, statement, scope)
        return ended
    finally:
        checker.block_ends.pop()


def _check_statement(checker: Checker, statement: m.AnyStatement, scope: Scope) -> bool:
    match statement:
        case m.Step():
            check_call(checker, statement.call, scope, step=True)
            _check_retries(checker, statement.retry)
            if statement.undo is not None:
                check_call(checker, statement.undo, _with(scope, statement.name, "step"))
            _check_handlers(checker, statement.on_failure, scope)
            _define(checker, scope, statement.name, "step")
        case m.Wait():
            if statement.duration is not None:
                check_duration(checker, statement.duration, "a wait", 1, MAX_FLOW_SECONDS)
            if statement.until is not None:
                check_expr(checker, statement.until, scope)
            if statement.amount is not None:
                check_expr(checker, statement.amount, scope)
                _check_wait_amount(checker, statement.amount)
            if statement.name is not None:
                check_name(checker, statement.name, "a wait")
        case m.WaitFor():
            _check_wait_for(checker, statement, scope)
        case m.If():
            return _check_if(checker, statement, scope)
        case m.Repeat():
            _check_repeat(checker, statement, scope)
        case m.Group():
            return _check_group(checker, statement, scope)
        case m.SetValue():
            check_expr(checker, statement.value, scope)
            _define(checker, scope, statement.name, "set")
        case m.Log():
            check_expr(checker, statement.message, scope)
            if statement.fields is not None:
                check_log_fields(checker, statement.fields, scope)
        case m.Invoke():
            _check_invoke(checker, statement, scope)
        case m.Poll():
            _check_poll(checker, statement, scope)
        case m.Parallel():
            _check_parallel(checker, statement, scope)
        case m.ForEach():
            _check_for_each(checker, statement, scope)
        case m.Return():
            if checker.function_depth:
                checker.error(
                    "DF310",
                    "`return` cannot end the flow from inside a parallel branch or a for-each body",
                    statement.span,
                    hint="the branch's result is its last named statement; use `fail` to stop it",
                )
            if statement.value is not None:
                check_expr(checker, statement.value, scope)
            return True
        case m.Fail():
            check_error_name(checker, statement.error)
            if statement.message is not None:
                check_expr(checker, statement.message, scope)
            return True
        case _:
            assert_never(statement)
    return False


def _check_invoke(checker: Checker, statement: m.Invoke, scope: Scope) -> None:
    if not FUNCTION_NAME.match(statement.function) and not FUNCTION_ARN.match(statement.function):
        checker.error(
            "DF285",
            f"`{statement.function}` is not a Lambda function name or ARN",
            statement.span,
            hint='use a name such as "billing", "billing:live" or a full '
            '"arn:aws:lambda:REGION:ACCOUNT:function:NAME"',
        )
    check_expr(checker, statement.payload, scope)
    _check_retries(checker, statement.retry)
    _check_handlers(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "invoke")


def _check_poll(checker: Checker, statement: m.Poll, scope: Scope) -> None:
    # The call may read the poll's own NAME: the previous check's result, null at first.
    check_call(checker, statement.call, _with(scope, statement.name, "poll"))
    check_duration(checker, statement.every, "a poll's delay", 1, MAX_FLOW_SECONDS)
    check_expr(checker, statement.until, _with(scope, statement.name, "poll"))
    if statement.max_checks is not None and statement.max_checks < 1:
        checker.error("DF280", "`max … times` must be at least 1", statement.span,
                      hint="`max 10 times` stops after ten checks")
    _check_retries(checker, statement.retry)
    _check_handlers(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "poll")


def _check_batch_options(
    checker: Checker, statement: m.Parallel | m.ForEach, count: int | None
) -> None:
    if statement.max_concurrency is not None and statement.max_concurrency < 1:
        checker.error("DF281", "`max concurrency` must be at least 1", statement.span)
    if count is not None and statement.tolerate > count:
        checker.error(
            "DF282",
            f"`tolerate {statement.tolerate} failures` is more than the {count} branches",
            statement.span,
            hint=f"at most `tolerate {count} failures`",
        )
    percent = statement.tolerate_percent
    if percent is not None and statement.tolerate:
        checker.error(
            "DF289",
            "a batch tolerates a number of failures or a share of them, not both",
            statement.span,
            hint="keep `tolerate N failures` or `tolerate N% failures`",
        )
    elif percent is not None and not 0 <= percent <= 100:
        checker.error("DF289", f"`tolerate {percent}% failures` must be from 0% to 100%", statement.span)
    after = statement.complete_after
    if after is not None and (after < 1 or (count is not None and after > count)):
        most = f"from 1 to the {count} branches" if count is not None else "at least 1"
        checker.error(
            "DF293",
            f"`complete after {after} successes` must be {most}",
            statement.span,
            hint="`complete after 1 success` ends the batch at its first success",
        )


def _check_parallel(checker: Checker, statement: m.Parallel, scope: Scope) -> None:
    _check_batch_options(checker, statement, len(statement.branches))
    seen: dict[str, m.Name] = {}
    for branch in statement.branches:
        check_name(checker, branch.name, "a branch")
        if branch.name.text in seen:
            checker.error(
                "DF283",
                f"branch `{branch.name.text}` is already defined on line {seen[branch.name.text].span.line}",
                branch.name.span,
            )
        seen[branch.name.text] = branch.name
        _check_function_body(checker, branch.body, scope.new_child())
    _check_handlers(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "parallel", tuple(seen))


def _check_for_each(checker: Checker, statement: m.ForEach, scope: Scope) -> None:
    _check_batch_options(checker, statement, None)
    check_expr(checker, statement.items, scope)
    body_scope = scope.new_child()
    _define(checker, body_scope, statement.variable, "loop variable")
    if statement.position is not None:
        _define(checker, body_scope, statement.position, "loop position")
    _check_function_body(checker, statement.body, body_scope)
    _check_handlers(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "for each")


def _check_wait_amount(checker: Checker, amount: m.Expr) -> None:
    """`wait (…) minutes` is computed from a number: a text, a list or a map never is one."""
    written = amount.value if isinstance(amount, m.LiteralValue) else None
    if isinstance(amount, (m.Template, m.ListExpr, m.MapExpr, m.Comprehension)) or isinstance(written, (str, bool)):
        checker.error(
            "DF294",
            "a wait is computed from a number: this is not one",
            amount.span,
            hint="for example `wait input.delay_minutes minutes` or `wait (attempts * 2) hours`",
        )


def _check_repeat(checker: Checker, statement: m.Repeat, scope: Scope) -> None:
    if statement.max_passes is None:
        checker.error(
            "DF286",
            f"`repeat {statement.mode} …` needs `max N times` as the first line of its body",
            statement.span,
            hint="say how many passes are enough, for example `max 100 times`: "
            "a loop still running after them fails with ConditionNotMet",
        )
    elif statement.max_passes < 1:
        checker.error("DF280", "`max … times` must be at least 1", statement.span,
                      hint="`max 10 times` stops after ten passes")
    body_scope = scope.new_child()
    if statement.mode == "while":
        check_expr(checker, statement.condition, scope)
    _check_block(checker, statement.body, body_scope)
    if statement.mode == "until":
        # Checked after each pass, so it may read what the body defines.
        check_expr(checker, statement.condition, body_scope)
    handlers_end = _check_handlers(checker, statement.on_failure, scope)
    if statement.mode == "while":
        for name in body_scope.maps[0]:
            checker.maybe_never_run.setdefault(name, statement.span.line)
    if statement.mode == "until" and handlers_end:
        # The body ran at least once: its names hold their last pass's values.
        for name, definition in body_scope.maps[0].items():
            scope.maps[0].setdefault(name, definition)


def _check_group(checker: Checker, statement: m.Group, scope: Scope) -> bool:
    """A group's statements see the names around it; its own stay inside. True when it always ends the flow."""
    _check_retries(checker, statement.retry)
    checker.group_depth += 1
    ended = _check_block(checker, statement.body, scope.new_child())
    checker.group_depth -= 1
    handlers_end = _check_handlers(checker, statement.on_failure, scope)
    if statement.finally_ is not None:
        # In `finally` the group's NAME holds its result, or null unless it succeeded.
        checker.handler_depth += 1
        _check_block(checker, statement.finally_, _with(scope, statement.name, "group"))
        checker.handler_depth -= 1
    _define(checker, scope, statement.name, "group")
    return ended and (not statement.on_failure or handlers_end)


def _check_function_body(checker: Checker, block: m.Block, scope: Scope) -> None:
    checker.function_depth += 1
    _check_block(checker, block, scope)
    checker.function_depth -= 1


def _check_wait_for(checker: Checker, statement: m.WaitFor, scope: Scope) -> None:
    check_call(checker, statement.call, scope)
    for argument in statement.call.arguments:
        if argument.name == "callback_id":
            checker.error(
                "DF245",
                "`callback_id` is passed by the callback itself and cannot be written",
                argument.span,
                hint=f"remove `callback_id: …`; `{statement.call.function}` receives the "
                "callback's id as `callback_id` and hands it to the system that answers",
            )
    for duration, what in ((statement.timeout, "a callback timeout"), (statement.heartbeat, "a heartbeat")):
        if duration is not None:
            check_duration(checker, duration, what, 1, MAX_FLOW_SECONDS)
    _check_retries(checker, statement.retry)
    if statement.on_timeout is not None:
        _check_handler(checker, statement.on_timeout, scope)
    _check_handlers(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "callback")


def _check_retries(checker: Checker, retries: list[m.RetryPolicy]) -> None:
    """Several `retry` lines: the first whose `on` names the error applies, so one without `on` is last."""
    for index, retry in enumerate(retries):
        check_retry(checker, retry)
        if not retry.on and index < len(retries) - 1:
            checker.error(
                "DF288",
                f"this `retry` line never applies: the one on line {retry.span.line}, without `on`, takes every error",
                retries[index + 1].span,
                hint="put the lines with `on ErrorName` first and the one without `on` last",
            )


def _check_handlers(checker: Checker, handlers: list[m.Handler], scope: Scope) -> bool:
    """`on failure` blocks, the first that matches a failure handling it; True when each ends the flow."""
    all_end = True
    handled: dict[str, m.Handler] = {}
    catch_all: m.Handler | None = None
    for handler in handlers:
        if catch_all is not None:
            checker.error(
                "DF311",
                "this `on failure` can never run: the one on line "
                f"{catch_all.span.line} already handles every failure",
                handler.span,
                hint="put the blocks for named errors first and the one without names last",
            )
        for error in handler.errors:
            if error.text in handled:
                checker.error(
                    "DF311",
                    f"`{error.text}` is already handled by the `on failure` on line "
                    f"{handled[error.text].span.line}, so this block never sees it",
                    error.span,
                    hint=f"remove `{error.text}` here, or merge the two blocks",
                )
            handled.setdefault(error.text, handler)
        if not handler.errors and catch_all is None:
            catch_all = handler
        all_end = _check_handler(checker, handler, scope) and all_end
    return all_end


def _check_handler(checker: Checker, handler: m.Handler, scope: Scope) -> bool:
    """Check one `on …` block; True when every path through it ends the flow."""
    block = handler.body
    if checker.handler_depth == MAX_HANDLER_DEPTH and block.statements:
        checker.error(
            "DF031",
            f"`on failure` and `on timeout` blocks nest at most {MAX_HANDLER_DEPTH} deep",
            block.statements[0].span,
            hint="handle the failure in fewer levels, or move the inner steps into a flow you `invoke`",
        )
        return True
    inner = scope.new_child()
    if handler.alias is not None:
        _define(checker, inner, handler.alias, "failure")
    checker.handler_depth += 1
    ended = _check_block(checker, block, inner)
    checker.handler_depth -= 1
    return ended


def _check_if(checker: Checker, statement: m.If, scope: Scope) -> bool:
    open_paths: list[Scope] = []
    blocks = [arm.body for arm in statement.arms]
    for arm in statement.arms:
        check_expr(checker, arm.condition, scope)
    if statement.otherwise is not None:
        blocks.append(statement.otherwise)
    for block in blocks:
        inner = scope.new_child()
        if not _check_block(checker, block, inner):
            open_paths.append(inner)
    if statement.otherwise is None:
        open_paths.append(scope.new_child())
    if not open_paths:
        return True
    common = set(open_paths[0].maps[0]).intersection(*(p.maps[0] for p in open_paths[1:]))
    for name in sorted(common):
        scope.maps[0][name] = open_paths[0].maps[0][name]
    return False


def _define(
    checker: Checker, scope: Scope, name: m.Name, kind: str, branches: tuple[str, ...] = ()
) -> None:
    check_name(checker, name, f"a {kind}")
    earlier = scope.get(name.text)
    if earlier is not None and kind == "set" and earlier.kind == "set":
        if earlier.function_depth != checker.function_depth:
            checker.error(
                "DF223",
                f"`{name.text}` was set outside this branch or for-each body, on line "
                f"{earlier.name.span.line}, and cannot be changed inside it",
                name.span,
                hint="branches and items each run on their own: give the value a new name "
                f"here, or set `{name.text}` after the `parallel` or `for each` from its result",
            )
        if earlier.resolved is not None:
            earlier.resolved.also_set_at.append(name.span)
        return  # a new value for a name a `set` defined before
    if earlier is not None:
        checker.error(
            "DF220",
            f"`{name.text}` is already defined on line {earlier.name.span.line}",
            name.span,
            hint="names must be unique within a block and the blocks around it; "
            f"for example `step {name.text}_2 = …`",
        )
        return
    resolved = checker.resolution.define(name, kind, checker.visible_to())
    scope.maps[0][name.text] = Definition(name, kind, branches, checker.function_depth, resolved)


def _with(scope: Scope, name: m.Name, kind: str) -> Scope:
    """A scope that also holds NAME, for what reads it where it is not defined yet (an undo, a poll's call)."""
    inner = scope.new_child()
    earlier = scope.get(name.text)
    inner.maps[0][name.text] = Definition(name, kind, resolved=earlier.resolved if earlier else None)
    return inner
