"""Stage 3: semantic checks over the model; returns diagnostics and never raises.

Names follow the contract: every name an operation defines is unique within
its block and the blocks around it, and a reference must be defined on every
path that reaches it. What each name refers to is the resolved view's
(`dflow.language.resolution`, the stage before): the checks read it and say
what is wrong. The header, expression and advisory checks live in their own
modules.
"""

from __future__ import annotations

from typing import assert_never

from dflow.language import model as m
from dflow.language.checks.advice import check_advice
from dflow.language.checks.context import (
    FUNCTION_ARN,
    FUNCTION_NAME,
    MAX_FLOW_SECONDS,
    Checker,
    check_duration,
    check_error_name,
    check_name,
    check_retry,
)
from dflow.language.checks.expressions import check_call, check_expr, check_log_fields
from dflow.language.checks.header import check_header, check_inputs
from dflow.language.diagnostics import Diagnostic
from dflow.language.grammar.limits import MAX_HANDLER_DEPTH
from dflow.language.resolution import Resolution, resolve_flow


def check_flow(flow: m.Flow, resolution: Resolution | None = None) -> list[Diagnostic]:
    """Every problem in the flow, errors and warnings, in source order."""
    checker = Checker(flow, resolution if resolution is not None else resolve_flow(flow))
    check_header(checker)
    check_inputs(checker)
    check_advice(checker)
    _check_block(checker, flow.body)
    return sorted(
        checker.diagnostics,
        key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0),
    )


# ---------------------------------------------------------------- statements


def _check_block(checker: Checker, block: m.Block) -> None:
    never_run = checker.resolution.never_run.get(id(block))
    for statement in block.statements:
        if statement is never_run:
            checker.error(
                "DF301",
                "this statement can never run: the one before it always ends the flow",
                statement.span,
                hint="remove it, or move it before the `return` or `fail`",
            )
            return
        _check_statement(checker, statement)


def _check_statement(checker: Checker, statement: m.AnyStatement) -> None:
    match statement:
        case m.Step():
            check_call(checker, statement.call, step=True)
            _check_retries(checker, statement.retry)
            if statement.undo is not None:
                check_call(checker, statement.undo)
            _check_handlers(checker, statement.on_failure)
            _check_definition(checker, statement.name, "step")
        case m.Wait():
            if statement.duration is not None:
                check_duration(checker, statement.duration, "a wait", 1, MAX_FLOW_SECONDS)
            if statement.until is not None:
                check_expr(checker, statement.until)
            if statement.amount is not None:
                check_expr(checker, statement.amount)
                _check_wait_amount(checker, statement.amount)
            if statement.name is not None:
                check_name(checker, statement.name, "a wait")
        case m.WaitFor():
            _check_wait_for(checker, statement)
        case m.If():
            _check_if(checker, statement)
        case m.Repeat():
            _check_repeat(checker, statement)
        case m.Group():
            _check_group(checker, statement)
        case m.SetValue():
            check_expr(checker, statement.value)
            _check_definition(checker, statement.name, "set")
        case m.Log():
            check_expr(checker, statement.message)
            if statement.fields is not None:
                check_log_fields(checker, statement.fields)
        case m.Invoke():
            _check_invoke(checker, statement)
        case m.Poll():
            _check_poll(checker, statement)
        case m.Parallel():
            _check_parallel(checker, statement)
        case m.ForEach():
            _check_for_each(checker, statement)
        case m.Return():
            if checker.function_depth:
                checker.error(
                    "DF310",
                    "`return` cannot end the flow from inside a parallel branch or a for-each body",
                    statement.span,
                    hint="the branch's result is its last named statement; use `fail` to stop it",
                )
            if statement.value is not None:
                check_expr(checker, statement.value)
        case m.Fail():
            check_error_name(checker, statement.error)
            if statement.message is not None:
                check_expr(checker, statement.message)
        case _:
            assert_never(statement)


def _check_invoke(checker: Checker, statement: m.Invoke) -> None:
    if not FUNCTION_NAME.match(statement.function) and not FUNCTION_ARN.match(statement.function):
        checker.error(
            "DF285",
            f"`{statement.function}` is not a Lambda function name or ARN",
            statement.span,
            hint='use a name such as "billing", "billing:live" or a full '
            '"arn:aws:lambda:REGION:ACCOUNT:function:NAME"',
        )
    check_expr(checker, statement.payload)
    _check_retries(checker, statement.retry)
    _check_handlers(checker, statement.on_failure)
    _check_definition(checker, statement.name, "invoke")


def _check_poll(checker: Checker, statement: m.Poll) -> None:
    check_call(checker, statement.call)
    check_duration(checker, statement.every, "a poll's delay", 1, MAX_FLOW_SECONDS)
    check_expr(checker, statement.until)
    if statement.max_checks is not None and statement.max_checks < 1:
        checker.error("DF280", "`max … times` must be at least 1", statement.span,
                      hint="`max 10 times` stops after ten checks")
    _check_retries(checker, statement.retry)
    _check_handlers(checker, statement.on_failure)
    _check_definition(checker, statement.name, "poll")


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


def _check_parallel(checker: Checker, statement: m.Parallel) -> None:
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
        _check_function_body(checker, branch.body)
    _check_handlers(checker, statement.on_failure)
    _check_definition(checker, statement.name, "parallel")


def _check_for_each(checker: Checker, statement: m.ForEach) -> None:
    _check_batch_options(checker, statement, None)
    check_expr(checker, statement.items)
    _check_definition(checker, statement.variable, "loop variable")
    if statement.position is not None:
        _check_definition(checker, statement.position, "loop position")
    _check_function_body(checker, statement.body)
    _check_handlers(checker, statement.on_failure)
    _check_definition(checker, statement.name, "for each")


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


def _check_repeat(checker: Checker, statement: m.Repeat) -> None:
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
    if statement.mode == "while":
        check_expr(checker, statement.condition)
    _check_block(checker, statement.body)
    if statement.mode == "until":
        check_expr(checker, statement.condition)  # checked after each pass: it may read the body's names
    _check_handlers(checker, statement.on_failure)


def _check_group(checker: Checker, statement: m.Group) -> None:
    _check_retries(checker, statement.retry)
    _check_block(checker, statement.body)
    _check_handlers(checker, statement.on_failure)
    if statement.finally_ is not None:
        _check_block(checker, statement.finally_)
    _check_definition(checker, statement.name, "group")


def _check_function_body(checker: Checker, block: m.Block) -> None:
    checker.function_depth += 1
    _check_block(checker, block)
    checker.function_depth -= 1


def _check_wait_for(checker: Checker, statement: m.WaitFor) -> None:
    check_call(checker, statement.call)
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
        _check_handler(checker, statement.on_timeout)
    _check_handlers(checker, statement.on_failure)
    _check_definition(checker, statement.name, "callback")


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


def _check_handlers(checker: Checker, handlers: list[m.Handler]) -> None:
    """`on failure` blocks, the first that matches a failure handling it."""
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
        _check_handler(checker, handler)


def _check_handler(checker: Checker, handler: m.Handler) -> None:
    """One `on …` block, unless it is nested too deep to be read."""
    block = handler.body
    if id(block) in checker.resolution.too_deep:
        checker.error(
            "DF031",
            f"`on failure` and `on timeout` blocks nest at most {MAX_HANDLER_DEPTH} deep",
            block.statements[0].span,
            hint="handle the failure in fewer levels, or move the inner steps into a flow you `invoke`",
        )
        return
    if handler.alias is not None:
        _check_definition(checker, handler.alias, "failure")
    _check_block(checker, block)


def _check_if(checker: Checker, statement: m.If) -> None:
    for arm in statement.arms:
        check_expr(checker, arm.condition)
    for arm in statement.arms:
        _check_block(checker, arm.body)
    if statement.otherwise is not None:
        _check_block(checker, statement.otherwise)


def _check_definition(checker: Checker, name: m.Name, kind: str) -> None:
    """A name a statement defines: a name it may take, and one the blocks around it do not have yet."""
    check_name(checker, name, f"a {kind}")
    clash = checker.resolution.clash_of(name)
    if clash is None or clash.earlier is None:
        return
    if clash.kind == "set elsewhere":
        checker.error(
            "DF223",
            f"`{name.text}` was set outside this branch or for-each body, on line "
            f"{clash.earlier.span.line}, and cannot be changed inside it",
            name.span,
            hint="branches and items each run on their own: give the value a new name "
            f"here, or set `{name.text}` after the `parallel` or `for each` from its result",
        )
    elif clash.kind == "defined":
        checker.error(
            "DF220",
            f"`{name.text}` is already defined on line {clash.earlier.span.line}",
            name.span,
            hint="names must be unique within a block and the blocks around it; "
            f"for example `step {name.text}_2 = …`",
        )
