"""Checks of expressions and calls: names, input fields, branches, functions, arguments.

What a name refers to is the resolved view's; these checks say what is wrong with it.
"""

from __future__ import annotations

import keyword

from dflow.language import model as m
from dflow.language.checks.context import BATCH_FUNCTIONS, FUNCTIONS, Checker
from dflow.language.diagnostics import did_you_mean, replace_with
from dflow.language.walk import expression_children


EXECUTION_FIELDS = ("id", "started_at")


def check_call(checker: Checker, call: m.Call, step: bool = False) -> None:
    """An action's call (or, with `step`, maybe a built-in step's): what it names, its arguments."""
    if call.builtin:
        _check_builtin(checker, call, step)
        return
    if call.positional:
        checker.error(
            "DF013",
            "arguments are written `name: value`",
            call.positional[0].span,
            hint="for example `reserve_slot(slot: input.slot)`; every argument is passed by name",
        )
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
        check_expr(checker, argument.value)


def _check_builtin(checker: Checker, call: m.Call, step: bool) -> None:
    if not step:
        checker.error(
            "DF273",
            f"`{call.function}()` is a built-in step: it can only be a step's call",
            call.span,
            hint=f"write `step {call.function}_value = {call.function}(…)` before this statement, "
            f"then use `{call.function}_value`",
        )
    count = m.BUILTIN_STEPS[call.function]
    if call.arguments or len(call.positional) != count:
        takes = "no values" if count == 0 else "two whole numbers, the lowest and the highest: `random(1, 6)`"
        checker.error("DF274", f"`{call.function}` takes {takes}", call.span)
    for value in call.positional:
        check_expr(checker, value)


def check_expr(checker: Checker, expr: m.Expr) -> None:
    stack: list[m.Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Reference):
            _check_reference(checker, node)
        elif isinstance(node, m.Attribute) and isinstance(node.target, m.Reference):
            _check_member(checker, node, node.target)
        elif isinstance(node, m.FunctionCall):
            _check_function(checker, node)
        elif isinstance(node, m.Comprehension):
            _check_list_variable(checker, node.variable)
        stack.extend(expression_children(node))


def _check_list_variable(checker: Checker, variable: m.Name) -> None:
    """The comprehension's variable is seen only inside it, and shadows nothing."""
    clash = checker.resolution.clash_of(variable)
    if clash is not None:
        where = f"on line {clash.earlier.span.line}" if clash.earlier else "as the flow's input"
        checker.error(
            "DF224",
            f"`{variable.text}` is already defined {where}; the list's variable needs a name of its own",
            variable.span,
            hint=f"for example `[… for {variable.text}_1 in …]`",
        )


def _check_reference(checker: Checker, node: m.Reference) -> None:
    used = checker.resolution.read_by(node)
    if used is None or used.found:
        return  # the flow's `input` or the `execution`, or a name defined where it is read
    found = checker.resolution
    definition = found.statement_names.get(node.name)
    if definition is not None and definition.span.line == node.span.line and definition.span.column < node.span.column:
        checker.error(
            "DF266",
            f"`{node.name}` is the name of this very statement: it has no value until the statement has run",
            node.span,
            hint="use the value it needs from before this line, or give this statement another name",
        )
        return
    if definition is not None and definition.span.line > node.span.line:
        checker.error(
            "DF265",
            f"`{node.name}` is defined later, on line {definition.span.line}",
            node.span,
            hint=f"a name can be used only after the line that defines it: move this line below line "
            f"{definition.span.line}, or define `{node.name}` earlier",
        )
        return
    if definition is not None:
        loop = used.in_loop
        hint = (
            f"the `repeat while` on line {loop} may run no pass at all: define `{node.name}` before it, "
            "or use `repeat until`, whose body runs at least once"
            if loop is not None
            else "define it before this line on every path (for example in each branch of the `if`)"
        )
        checker.error(
            "DF262", f"`{node.name}` is not defined on every path that reaches this line", node.span, hint=hint
        )
        return
    failure = found.failure_names.get(node.name)
    if failure is not None:
        checker.error(
            "DF267",
            f"`{node.name}` names a failure only inside its `on failure` block, on line {failure.span.line}",
            node.span,
            hint=f"use it inside that block, for example `log \"{{{node.name}.message}}\"` "
            f"or `return {{ reason: {node.name}.message }}`",
        )
        return
    suggestion = did_you_mean(node.name, set(used.in_scope) | {"input"})
    text = f'the text `"{node.name}"`? Text is written in double quotes'
    checker.error(
        "DF261",
        f"unknown name `{node.name}`",
        node.span,
        hint=f"did you mean `{suggestion}`?" if suggestion else f"did you mean {text}",
        fix=replace_with(node.span, suggestion),
    )


def _check_member(checker: Checker, node: m.Attribute, reference: m.Reference) -> None:
    target = reference.name
    read = checker.resolution.read_by(reference)
    if target == "execution" and read is None and node.name not in EXECUTION_FIELDS:
        suggestion = did_you_mean(node.name, set(EXECUTION_FIELDS))
        checker.error(
            "DF268",
            f"the execution has no `{node.name}`",
            node.span,
            hint=f"did you mean `execution.{suggestion}`?" if suggestion
            else "it has `execution.id` (its ARN) and `execution.started_at` (when it started)",
            fix=replace_with(node.span, f"execution.{suggestion}" if suggestion else None),
        )
    definition = read.definition if read is not None and read.kind == "parallel" else None
    if definition is not None and node.name not in definition.branches:
        suggestion = did_you_mean(node.name, set(definition.branches))
        checker.error(
            "DF264",
            f"the parallel `{target}` has no branch `{node.name}`",
            node.span,
            hint=f"did you mean `{target}.{suggestion}`?"
            if suggestion
            else "its branches are " + ", ".join(f"`{b}`" for b in definition.branches),
            fix=replace_with(node.span, f"{target}.{suggestion}" if suggestion else None),
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
                fix=replace_with(node.span, f"input.{suggestion}" if suggestion else None),
            )


def _check_function(checker: Checker, node: m.FunctionCall) -> None:
    if node.function in BATCH_FUNCTIONS and len(node.args) == 1:
        target = node.args[0]
        read = checker.resolution.read_by(target)
        if read is None or not read.found or read.kind not in ("parallel", "for each"):
            checker.error(
                "DF275",
                f"`{node.function}` tells what became of a `parallel`'s branches or a `for each`'s items; "
                f"give it the name of one",
                target.span,
                hint=f"for example `{node.function}(accounts)` after `parallel accounts`",
            )
            return
    if node.function in m.BUILTIN_STEPS:
        checker.error(
            "DF272",
            f"`{node.function}()` reads the world, so it runs only as a step, checkpointed",
            node.function_span,
            hint=f"write `step {node.function}_value = {node.function}(…)` first, then use `{node.function}_value` here",
        )
        return
    if node.function not in FUNCTIONS:
        suggestion = did_you_mean(node.function, set(FUNCTIONS))
        checker.error(
            "DF270",
            f"unknown function `{node.function}`",
            node.function_span,
            hint=f"did you mean `{suggestion}`?"
            if suggestion
            else "the functions are " + ", ".join(FUNCTIONS),
            fix=replace_with(node.function_span, suggestion),
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


# What every log record already has, on the newest Python a handler runs on (Lambda's
# python3.14; `taskName` came in 3.12): a field of the same name fails the log call.
# Written out, not read from the Python running dflow, which may be older.
LOG_RECORD_NAMES = frozenset({
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module",
    "exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs",
    "relativeCreated", "thread", "threadName", "processName", "process", "taskName",
    "message", "asctime",
})


def check_log_fields(checker: Checker, fields: m.Expr) -> None:
    """`log "…" with { key: EXPR }`: a map written out, whose keys a log record can take."""
    check_expr(checker, fields)
    if not isinstance(fields, m.MapExpr):
        checker.error(
            "DF295",
            "the fields of a log line are a map written out: `with { key: value, … }`",
            fields.span,
            hint='for example `log "order shipped" with { order: input.order_id }`',
        )
        return
    for entry in fields.entries:
        if entry.key in LOG_RECORD_NAMES:
            checker.error(
                "DF296",
                f"`{entry.key}` cannot be a field of a log line: every log record has its own `{entry.key}`",
                entry.span,
                hint=f"call it something else, such as `{entry.key}_1` or `order_{entry.key}`",
            )
