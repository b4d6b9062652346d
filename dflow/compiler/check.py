"""Stage 2: semantic checks over the model; returns diagnostics and never raises.

Names follow the contract: every name an operation defines is unique within
its block and the blocks around it, and a reference must be defined on every
path that reaches it. Scopes are `ChainMap`s so the walk stays linear.
"""

from __future__ import annotations

import keyword
import re
from collections import ChainMap
from dataclasses import dataclass, field

from dflow.compiler import model as m
from dflow.compiler.diagnostics import Diagnostic, did_you_mean
from dflow.compiler.walk import all_statements, expression_nodes

# Words of the language; they cannot name an operation, a value or a loop variable.
KEYWORDS = frozenset(
    "flow description timeout retention actions retry runtime memory invocation input "
    "step wait invoke poll if else parallel branch for each set log return fail undo on "
    "true false null and or not in as with until every".split()
)
FUNCTIONS = {  # name: (fewest arguments, most arguments or None for no limit)
    "len": (1, 1),
    "lower": (1, 1),
    "upper": (1, 1),
    "round": (1, 2),
    "min": (1, None),
    "max": (1, None),
    "sum": (1, 1),
    "default": (2, 2),
}
MAX_FLOW_SECONDS = 366 * 86400
FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?\Z")
FUNCTION_ARN = re.compile(
    r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?\Z"
)
MAX_INVOCATION_SECONDS = 15 * 60

Scope = ChainMap[str, "Definition"]


@dataclass(frozen=True)
class Definition:
    name: m.Name
    kind: str  # "step", "set", "loop variable", "parallel"…
    branches: tuple[str, ...] = ()


@dataclass
class Checker:
    flow: m.Flow
    diagnostics: list[Diagnostic] = field(default_factory=list)
    all_names: set[str] = field(default_factory=set)
    function_depth: int = 0  # > 0 inside a parallel branch or a for-each body

    def error(self, code: str, message: str, span: m.Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))

    def warning(self, code: str, message: str, span: m.Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, "warning", hint))


def check_flow(flow: m.Flow) -> list[Diagnostic]:
    """Every problem in the flow, errors and warnings, in source order."""
    checker = Checker(flow)
    checker.all_names = {
        name.text
        for statement in all_statements(flow.body)
        if isinstance(name := getattr(statement, "name", None), m.Name)
    }
    _check_header(checker)
    _check_inputs(checker)
    _check_block(checker, flow.body, ChainMap())
    return sorted(
        checker.diagnostics,
        key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0),
    )


# ---------------------------------------------------------------- header


def _check_header(checker: Checker) -> None:
    flow = checker.flow
    _check_name(checker, flow.name, "the flow")
    if flow.timeout is not None:
        _check_duration(checker, flow.timeout, "the flow's timeout", 1, MAX_FLOW_SECONDS)
    if flow.retention is not None:
        retention = flow.retention
        days = retention.seconds / 86400
        if retention.seconds % 86400 or not 1 <= days <= 90:
            checker.error(
                "DF203",
                f"retention must be a whole number of days from 1 to 90, not {_as_written(retention)}",
                retention.span,
                hint="for example `retention 14 days`",
            )
    if flow.invocation_timeout is not None:
        _check_duration(
            checker, flow.invocation_timeout, "an invocation timeout", 1, MAX_INVOCATION_SECONDS
        )
    if flow.memory_mb is not None and not 128 <= flow.memory_mb <= 10240:
        checker.error(
            "DF204", f"memory must be from 128 to 10240 MB, not {flow.memory_mb} MB", flow.span
        )
    if flow.retry is not None:
        _check_retry(checker, flow.retry)
    aliases = [module.alias for module in flow.actions if module.alias]
    for module in flow.actions:
        for part in module.module.split("."):
            if keyword.iskeyword(part):
                checker.error(
                    "DF205",
                    f"`{module.module}` cannot be imported: `{part}` is a Python keyword",
                    module.span,
                    hint="rename the Python module",
                )
    for alias in {a for a in aliases if aliases.count(a) > 1}:
        checker.error("DF206", f"the alias `{alias}` is given to two modules", flow.span)


def _check_inputs(checker: Checker) -> None:
    seen: set[str] = set()
    for field_ in checker.flow.inputs or []:
        if field_.name.text in seen:
            checker.error("DF210", f"input `{field_.name.text}` is declared twice", field_.name.span)
        seen.add(field_.name.text)
        if field_.default is not None:
            if not isinstance(field_.default, (m.LiteralValue, m.ListExpr, m.MapExpr)):
                checker.error(
                    "DF211",
                    "a default must be a plain value such as `1`, `\"web\"` or `[]`",
                    field_.default.span,
                )
            if field_.type.optional:
                checker.error(
                    "DF212",
                    f"input `{field_.name.text}` is optional and has a default",
                    field_.span,
                    hint="drop the `?`: a field with a default is never null",
                )


# ---------------------------------------------------------------- statements


def _check_block(checker: Checker, block: m.Block, scope: Scope) -> bool:
    """Check a block in `scope` (which it extends); True when every path through it ends."""
    ended = False
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


def _check_statement(checker: Checker, statement: m.AnyStatement, scope: Scope) -> bool:
    if isinstance(statement, m.Step):
        _check_call(checker, statement.call, scope)
        if statement.retry is not None:
            _check_retry(checker, statement.retry)
        if statement.undo is not None:
            _check_call(checker, statement.undo, _with(scope, statement.name, "step"))
        _check_handler(checker, statement.on_failure, scope)
        _define(checker, scope, statement.name, "step")
    elif isinstance(statement, m.Wait):
        if statement.duration is not None:
            _check_duration(checker, statement.duration, "a wait", 1, MAX_FLOW_SECONDS)
        if statement.until is not None:
            _check_expr(checker, statement.until, scope)
        if statement.name is not None:
            _check_name(checker, statement.name, "a wait")
    elif isinstance(statement, m.WaitFor):
        _check_wait_for(checker, statement, scope)
    elif isinstance(statement, m.If):
        return _check_if(checker, statement, scope)
    elif isinstance(statement, m.SetValue):
        _check_expr(checker, statement.value, scope)
        _define(checker, scope, statement.name, "set")
    elif isinstance(statement, m.Log):
        _check_expr(checker, statement.message, scope)
    elif isinstance(statement, m.Invoke):
        _check_invoke(checker, statement, scope)
    elif isinstance(statement, m.Poll):
        _check_poll(checker, statement, scope)
    elif isinstance(statement, m.Parallel):
        _check_parallel(checker, statement, scope)
    elif isinstance(statement, m.ForEach):
        _check_for_each(checker, statement, scope)
    elif isinstance(statement, m.Return):
        if checker.function_depth:
            checker.error(
                "DF310",
                "`return` cannot end the flow from inside a parallel branch or a for-each body",
                statement.span,
                hint="the branch's result is its last named statement; use `fail` to stop it",
            )
        if statement.value is not None:
            _check_expr(checker, statement.value, scope)
        return True
    else:
        assert isinstance(statement, m.Fail), statement.kind
        _check_error_name(checker, statement.error)
        if statement.message is not None:
            _check_expr(checker, statement.message, scope)
        return True
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
    _check_expr(checker, statement.payload, scope)
    _check_handler(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "invoke")


def _check_poll(checker: Checker, statement: m.Poll, scope: Scope) -> None:
    _check_call(checker, statement.call, scope)
    _check_duration(checker, statement.every, "a poll's delay", 1, MAX_FLOW_SECONDS)
    _check_expr(checker, statement.until, _with(scope, statement.name, "poll"))
    if statement.max_checks is not None and statement.max_checks < 1:
        checker.error("DF280", "`max … times` must be at least 1", statement.span,
                      hint="`max 10 times` stops after ten checks")
    _check_handler(checker, statement.on_failure, scope)
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


def _check_parallel(checker: Checker, statement: m.Parallel, scope: Scope) -> None:
    _check_batch_options(checker, statement, len(statement.branches))
    seen: dict[str, m.Name] = {}
    for branch in statement.branches:
        _check_name(checker, branch.name, "a branch")
        if branch.name.text in seen:
            checker.error(
                "DF283",
                f"branch `{branch.name.text}` is already defined on line {seen[branch.name.text].span.line}",
                branch.name.span,
            )
        seen[branch.name.text] = branch.name
        _check_function_body(checker, branch.body, scope.new_child())
    _define(checker, scope, statement.name, "parallel", tuple(seen))


def _check_for_each(checker: Checker, statement: m.ForEach, scope: Scope) -> None:
    _check_batch_options(checker, statement, None)
    _check_expr(checker, statement.items, scope)
    body_scope = scope.new_child()
    _define(checker, body_scope, statement.variable, "loop variable")
    _check_function_body(checker, statement.body, body_scope)
    _define(checker, scope, statement.name, "for each")


def _check_function_body(checker: Checker, block: m.Block, scope: Scope) -> None:
    checker.function_depth += 1
    _check_block(checker, block, scope)
    checker.function_depth -= 1


def _check_wait_for(checker: Checker, statement: m.WaitFor, scope: Scope) -> None:
    _check_call(checker, statement.call, scope)
    for duration, what in ((statement.timeout, "a callback timeout"), (statement.heartbeat, "a heartbeat")):
        if duration is not None:
            _check_duration(checker, duration, what, 1, MAX_FLOW_SECONDS)
    _check_handler(checker, statement.on_timeout, scope)
    _check_handler(checker, statement.on_failure, scope)
    _define(checker, scope, statement.name, "callback")


def _check_handler(checker: Checker, block: m.Block | None, scope: Scope) -> None:
    if block is not None:
        _check_block(checker, block, scope.new_child())


def _check_if(checker: Checker, statement: m.If, scope: Scope) -> bool:
    open_paths: list[Scope] = []
    blocks = [arm.body for arm in statement.arms]
    for arm in statement.arms:
        _check_expr(checker, arm.condition, scope)
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
    _check_name(checker, name, f"a {kind}")
    earlier = scope.get(name.text)
    if earlier is not None:
        checker.error(
            "DF220",
            f"`{name.text}` is already defined on line {earlier.name.span.line}",
            name.span,
            hint="names must be unique within a block and the blocks around it; "
            f"for example `step {name.text}_2 = …`",
        )
        return
    scope.maps[0][name.text] = Definition(name, kind, branches)


def _with(scope: Scope, name: m.Name, kind: str) -> Scope:
    inner = scope.new_child()
    inner.maps[0][name.text] = Definition(name, kind)
    return inner


def _check_name(checker: Checker, name: m.Name, what: str) -> None:
    if name.text in KEYWORDS:
        checker.error(
            "DF221",
            f"`{name.text}` is a word of the language and cannot name {what}",
            name.span,
            hint=f"choose another name, such as `{name.text}_1`",
        )


def _check_error_name(checker: Checker, error: m.Name) -> None:
    import builtins

    if keyword.iskeyword(error.text) or hasattr(builtins, error.text) or error.text in KEYWORDS:
        checker.error(
            "DF230",
            f"`{error.text}` cannot be used as an error name: it is already taken in Python",
            error.span,
            hint=f"use a name of your own, such as `{error.text}Failed`",
        )


def _check_call(checker: Checker, call: m.Call, scope: Scope) -> None:
    flow = checker.flow
    if not flow.actions:
        checker.error(
            "DF240",
            f"`{call.function}` is called but the flow declares no actions module",
            call.span,
            hint="add a line such as `actions my_project.actions` to the header",
        )
    elif call.alias is not None and call.alias not in {a.alias for a in flow.actions}:
        aliases = {a.alias for a in flow.actions if a.alias}
        suggestion = did_you_mean(call.alias, aliases)
        checker.error(
            "DF241",
            f"`{call.alias}` is not the alias of an actions module",
            call.span,
            hint=f"did you mean `{suggestion}`?"
            if suggestion
            else f"declare it with `actions MODULE as {call.alias}`",
        )
    if keyword.iskeyword(call.function):
        checker.error(
            "DF242",
            f"`{call.function}` is a Python keyword and cannot be the name of an action",
            call.function_span,
            hint="rename the Python function",
        )
    names: set[str] = set()
    for argument in call.arguments:
        if argument.name in names:
            checker.error("DF243", f"argument `{argument.name}` is given twice", argument.span)
        names.add(argument.name)
        if keyword.iskeyword(argument.name):
            checker.error(
                "DF244",
                f"`{argument.name}` is a Python keyword and cannot name an argument",
                argument.span,
                hint="rename the parameter of the Python function",
            )
        _check_expr(checker, argument.value, scope)


def _check_retry(checker: Checker, retry: m.RetryPolicy) -> None:
    if retry.every is not None:
        _check_duration(checker, retry.every, "a retry delay", 1, MAX_FLOW_SECONDS)
    if retry.max_delay is not None:
        _check_duration(checker, retry.max_delay, "a retry's max delay", 1, MAX_FLOW_SECONDS)
    if retry.backoff is not None and retry.backoff < 1:
        checker.error(
            "DF250", f"backoff must be at least 1, not {retry.backoff:g}", retry.span,
            hint="`backoff 2` doubles the delay after each attempt",
        )


def _check_duration(
    checker: Checker, duration: m.Duration, what: str, low: int, high: int
) -> None:
    if duration.seconds != int(duration.seconds):
        checker.error(
            "DF201",
            f"{_as_written(duration)} is not a whole number of seconds",
            duration.span,
            hint="durations are counted in whole seconds",
        )
    elif not low <= duration.seconds <= high:
        checker.error(
            "DF202",
            f"{what} must be from {_seconds_words(low)} to {_seconds_words(high)}, "
            f"not {_as_written(duration)}",
            duration.span,
        )


# ---------------------------------------------------------------- expressions


def _check_expr(checker: Checker, expr: m.Expr, scope: Scope) -> None:
    for node in expression_nodes(expr):
        if isinstance(node, m.Reference):
            _check_reference(checker, node, scope)
        elif isinstance(node, m.Attribute) and isinstance(node.target, m.Reference):
            _check_member(checker, node, node.target.name, scope)
        elif isinstance(node, m.FunctionCall):
            _check_function(checker, node)


def _check_reference(checker: Checker, node: m.Reference, scope: Scope) -> None:
    if node.name == "input":
        if checker.flow.inputs is None:
            checker.error("DF260", "`input` is used but the flow has no `input` block", node.span)
        return
    if node.name in scope:
        return
    if node.name in checker.all_names:
        checker.error(
            "DF262",
            f"`{node.name}` is not defined on every path that reaches this line",
            node.span,
            hint="define it before this line on every path (for example in each branch of the `if`)",
        )
        return
    suggestion = did_you_mean(node.name, set(scope) | {"input"})
    checker.error(
        "DF261",
        f"unknown name `{node.name}`",
        node.span,
        hint=f"did you mean `{suggestion}`?" if suggestion else None,
    )


def _check_member(checker: Checker, node: m.Attribute, target: str, scope: Scope) -> None:
    definition = scope.get(target)
    if definition is not None and definition.kind == "parallel" and node.name not in definition.branches:
        suggestion = did_you_mean(node.name, set(definition.branches))
        checker.error(
            "DF264",
            f"the parallel `{target}` has no branch `{node.name}`",
            node.span,
            hint=f"did you mean `{target}.{suggestion}`?"
            if suggestion
            else "its branches are " + ", ".join(f"`{b}`" for b in definition.branches),
        )
    if target == "input" and checker.flow.inputs is not None:
        fields = {f.name.text for f in checker.flow.inputs}
        if node.name not in fields:
            suggestion = did_you_mean(node.name, fields)
            checker.error(
                "DF263",
                f"the input has no field `{node.name}`",
                node.span,
                hint=f"did you mean `input.{suggestion}`?"
                if suggestion
                else "declare it in the `input` block",
            )


def _check_function(checker: Checker, node: m.FunctionCall) -> None:
    if node.function not in FUNCTIONS:
        suggestion = did_you_mean(node.function, set(FUNCTIONS))
        checker.error(
            "DF270",
            f"unknown function `{node.function}`",
            node.function_span,
            hint=f"did you mean `{suggestion}`?"
            if suggestion
            else "the functions are " + ", ".join(FUNCTIONS),
        )
        return
    fewest, most = FUNCTIONS[node.function]
    count = len(node.args)
    if count < fewest or (most is not None and count > most):
        expected = str(fewest) if fewest == most else f"{fewest} or more" if most is None else f"{fewest} to {most}"
        checker.error(
            "DF271",
            f"`{node.function}` takes {expected} argument{'s' if expected != '1' else ''}, not {count}",
            node.span,
        )


# ---------------------------------------------------------------- helpers


def _as_written(duration: m.Duration) -> str:
    return f"{duration.amount:g} {duration.unit}"


def _seconds_words(seconds: int) -> str:
    for unit, size in (("days", 86400), ("minutes", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} second" + ("s" if seconds != 1 else "")
