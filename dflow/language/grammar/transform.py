"""Turn lark's parse tree into the model: one method per grammar rule.

No lark `Tree` or `Token` leaves this module; every node keeps its position.
Problems found while building (an unknown duration unit, a bad escape in a
string) are collected as diagnostics instead of stopping the build.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, did_you_mean
from dflow.language.durations import UNIT_SECONDS
from dflow.language.grammar.comments import Comments
from dflow.language.grammar.strings import ExpressionParser
from dflow.language.grammar.transform_expressions import span_of, token_span
from dflow.language.grammar.transform_header import HeaderRules, name_of


@v_args(meta=True)
class FlowBuilder(HeaderRules):
    """Builds `model.Flow` from the tree of `start`, or an `Expr` from `expr`."""

    def __init__(self, comments: Comments, parse_expression: ExpressionParser) -> None:
        super().__init__()
        self.comments = comments
        self.parse_expression = parse_expression
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ the flow

    def start(self, meta: Meta, children: list[Any]) -> m.Flow:
        name: m.Name = children[0]
        settings: dict[str, Any] = {"actions": [], "settings": []}
        statements: list[m.AnyStatement] = []
        for child in children[1:]:
            if isinstance(child, tuple):
                self._add_setting(settings, child)
            else:
                statements.append(child)
        body_span = statements[0].span if statements else name.span
        return m.Flow(
            name=name,
            comment=self.comments.above(name.span.line),
            body=m.Block(statements=statements, span=body_span),
            span=span_of(meta),
            **settings,
        )

    def _add_setting(self, settings: dict[str, Any], item: tuple[str, Any, m.Span]) -> None:
        key, value, span = item
        keyword = "actions" if key == "actions" else key
        if key == "actions":
            settings["actions"].append(value)
        elif key in settings:
            self.diagnostics.append(
                Diagnostic(
                    "DF110",
                    f"`{_setting_word(key)}` is set twice in the header",
                    span,
                    hint="keep one of them",
                )
            )
        else:
            settings[key] = value
        settings["settings"].append(m.Setting(keyword=keyword, span=span))

    # ------------------------------------------------------------ YAML-form entry points

    def yaml_call(self, meta: Meta, children: list[m.Call]) -> m.Call:
        return children[0]

    def yaml_duration(self, meta: Meta, children: list[m.Duration]) -> m.Duration:
        return children[0]

    def yaml_retry(self, meta: Meta, children: list[Any]) -> m.RetryPolicy:
        return self.retry_clause(meta, children)

    def yaml_module(self, meta: Meta, children: list[Any]) -> m.ActionsModule:
        module, alias = children
        return m.ActionsModule(module=module, alias=str(alias) if alias else None, span=span_of(meta))

    def yaml_input(self, meta: Meta, children: list[Any]) -> tuple[m.InputType, m.Expr | None]:
        return children[0], children[1]

    def body(self, meta: Meta, children: list[m.AnyStatement]) -> m.Block:
        return m.Block(statements=children, span=span_of(meta))

    def step_stmt(self, meta: Meta, children: list[Any]) -> m.Step:
        name, call, *options = children
        fields: dict[str, Any] = {}
        for option in options:
            if option is not None:
                self._add_option(fields, option, "step")
        step_name = name_of(name) if name else m.Name(text=call.function, span=call.function_span)
        return m.Step(
            name=step_name,
            explicit_name=name is not None,
            call=call,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def _add_option(self, fields: dict[str, Any], option: tuple[str, Any, m.Span], what: str) -> None:
        key, value, span = option
        if key == "on_timeout" and what != "callback":
            self._error(
                "DF112",
                f"`{what}` cannot time out: only `wait for` has `on timeout`",
                span,
                hint="use `on failure` to handle its failure",
            )
            return
        if key == "on_failure":
            fields.setdefault(key, []).append(value)
            return
        if key in fields:
            self._error(
                "DF111",
                f"`{_option_word(key)}` is given twice for this {what}",
                span,
                hint="keep one of them",
            )
        fields[key] = value

    def step_retry(self, meta: Meta, children: list[m.RetryPolicy]) -> tuple[str, Any, m.Span]:
        return ("retry", children[0], span_of(meta))

    def at_most_once(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        return ("at_most_once", True, span_of(meta))

    def undo(self, meta: Meta, children: list[m.Call]) -> tuple[str, Any, m.Span]:
        return ("undo", children[0], span_of(meta))

    def on_failure(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        errors, alias, body = children
        handler = m.Handler(errors=errors or [], alias=alias, body=body, span=span_of(meta))
        return ("on_failure", handler, span_of(meta))

    def on_timeout(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        alias, body = children
        return ("on_timeout", m.Handler(alias=alias, body=body, span=span_of(meta)), span_of(meta))

    def error_names(self, meta: Meta, children: list[Token]) -> list[m.Name]:
        return [name_of(child) for child in children]

    def failure_alias(self, meta: Meta, children: list[Token]) -> m.Name:
        return name_of(children[0])

    def callback_timeout(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("timeout", children[0], span_of(meta))

    def callback_heartbeat(
        self, meta: Meta, children: list[m.Duration]
    ) -> tuple[str, Any, m.Span]:
        return ("heartbeat", children[0], span_of(meta))

    def callback_as_text(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        return ("as_text", True, span_of(meta))

    def poll_max(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("max_checks", int(children[0]), span_of(meta))

    def max_concurrency(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("max_concurrency", int(children[0]), span_of(meta))

    def tolerate(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("tolerate", int(children[0]), span_of(meta))

    def retry_clause(self, meta: Meta, children: list[Any]) -> m.RetryPolicy:
        count, *parts = children
        fields: dict[str, Any] = {}
        for part in parts:
            self._add_option(fields, part, "retry")
        return m.RetryPolicy(retries=int(count), span=span_of(meta), **fields)

    def retry_every(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("every", children[0], span_of(meta))

    def retry_backoff(self, meta: Meta, children: list[m.LiteralValue]) -> tuple[str, Any, m.Span]:
        return ("backoff", float(children[0].value or 0), span_of(meta))

    def retry_max_delay(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("max_delay", children[0], span_of(meta))

    def retry_jitter(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        word = str(children[0])
        if word not in ("none", "full", "half"):
            suggestion = did_you_mean(word, {"none", "full", "half"})
            self._error(
                "DF105",
                f"unknown jitter `{word}`",
                token_span(children[0]),
                hint=f"did you mean `{suggestion}`?" if suggestion else "use none, full or half",
            )
            word = "full"
        return ("jitter", word, span_of(meta))

    def retry_on(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("on", [str(child) for child in children], span_of(meta))

    def wait_stmt(self, meta: Meta, children: list[Any]) -> m.Wait:
        name, duration = children
        return m.Wait(
            name=name_of(name) if name else None,
            duration=duration,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def wait_until_stmt(self, meta: Meta, children: list[Any]) -> m.Wait:
        name, until = children
        return m.Wait(
            name=name_of(name) if name else None,
            until=until,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def wait_for_stmt(self, meta: Meta, children: list[Any]) -> m.WaitFor:
        name, call, *options = children
        fields: dict[str, Any] = {}
        for option in options:
            if option is not None:
                self._add_option(fields, option, "callback")
        return m.WaitFor(
            name=name_of(name),
            call=call,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def invoke_stmt(self, meta: Meta, children: list[Any]) -> m.Invoke:
        name, function, payload, *handlers = children
        fields: dict[str, Any] = {}
        for handler in handlers:
            if handler is not None:
                self._add_option(fields, handler, "invoke")
        return m.Invoke(
            name=name_of(name),
            function=self._plain_string(function),
            payload=payload,
            **fields,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def poll_stmt(self, meta: Meta, children: list[Any]) -> m.Poll:
        name, call, every, until, *options = children
        fields: dict[str, Any] = {}
        for option in options:
            if option is not None:
                self._add_option(fields, option, "poll")
        return m.Poll(
            name=name_of(name),
            call=call,
            every=every,
            until=until,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def if_stmt(self, meta: Meta, children: list[Any]) -> m.If:
        condition, body, *rest = children
        arms = [m.Condition(condition=condition, body=body, span=span_of(meta))]
        otherwise = None
        for item in rest:
            if isinstance(item, m.Condition):
                arms.append(item)
            elif isinstance(item, m.Block):
                otherwise = item
        return m.If(
            arms=arms,
            otherwise=otherwise,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def else_if(self, meta: Meta, children: list[Any]) -> m.Condition:
        return m.Condition(condition=children[0], body=children[1], span=span_of(meta))

    def else_block(self, meta: Meta, children: list[m.Block]) -> m.Block:
        return children[0]

    def parallel_stmt(self, meta: Meta, children: list[Any]) -> m.Parallel:
        name, *rest = children
        fields: dict[str, Any] = {}
        branches = [item for item in rest if isinstance(item, m.Branch)]
        # Options come before the branches, `on failure` after them.
        for option in (item for item in rest if isinstance(item, tuple)):
            self._add_option(fields, option, "parallel")
        return m.Parallel(
            name=name_of(name),
            branches=branches,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def branch(self, meta: Meta, children: list[Any]) -> m.Branch:
        return m.Branch(name=name_of(children[0]), body=children[1], span=span_of(meta))

    def for_each_stmt(self, meta: Meta, children: list[Any]) -> m.ForEach:
        variable, items, name, *rest = children
        fields: dict[str, Any] = {}
        statements = [item for item in rest if not isinstance(item, tuple)]
        # Options come before the body's statements, `on failure` after them.
        for option in (item for item in rest if isinstance(item, tuple)):
            self._add_option(fields, option, "loop")
        body_span = statements[0].span if statements else span_of(meta)
        return m.ForEach(
            variable=name_of(variable),
            items=items,
            name=name_of(name),
            body=m.Block(statements=statements, span=body_span),
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def repeat_stmt(self, meta: Meta, children: list[Any]) -> m.Repeat:
        mode, condition, max_passes, *rest = children
        statements = [item for item in rest if not isinstance(item, tuple)]
        fields: dict[str, Any] = {}
        for option in (item for item in rest if isinstance(item, tuple)):
            self._add_option(fields, option, "repeat")
        return m.Repeat(
            mode=str(mode),
            condition=condition,
            max_passes=max_passes,
            body=m.Block(statements=statements, span=statements[0].span),
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def repeat_max(self, meta: Meta, children: list[Token]) -> int:
        return int(children[0])

    def set_stmt(self, meta: Meta, children: list[Any]) -> m.SetValue:
        return m.SetValue(
            name=name_of(children[0]),
            value=children[1],
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def log_stmt(self, meta: Meta, children: list[Any]) -> m.Log:
        return m.Log(
            message=children[0], fields=children[1], span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def return_stmt(self, meta: Meta, children: list[Any]) -> m.Return:
        return m.Return(
            value=children[0], span=span_of(meta), description=self.comments.above(meta.line)
        )

    def fail_stmt(self, meta: Meta, children: list[Any]) -> m.Fail:
        error, message = children
        return m.Fail(
            error=name_of(error),
            message=self.string(meta, [message]) if message is not None else None,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def call(self, meta: Meta, children: list[Any]) -> m.Call:
        first, second, *arguments = children
        alias, function = (first, second) if second is not None else (None, first)
        given = [argument for argument in arguments if argument is not None]
        return m.Call(
            alias=str(alias) if alias else None,
            function=str(function),
            function_span=token_span(function),
            arguments=[argument for argument in given if isinstance(argument, m.Argument)],
            positional=[argument[1] for argument in given if isinstance(argument, tuple)],
            span=span_of(meta),
        )

    def argument(self, meta: Meta, children: list[Any]) -> m.Argument:
        return m.Argument(name=str(children[0]), value=children[1], span=span_of(meta))

    def positional(self, meta: Meta, children: list[Any]) -> tuple[str, m.Expr]:
        return ("positional", children[0])

    def duration(self, meta: Meta, children: list[Any]) -> m.Duration:
        amount_literal, unit = children
        amount = amount_literal.value
        per_unit = UNIT_SECONDS.get(str(unit))
        if per_unit is None:
            suggestion = did_you_mean(str(unit), set(UNIT_SECONDS))
            self._error(
                "DF102",
                f"unknown unit of time `{unit}`",
                token_span(unit),
                hint=f"did you mean `{suggestion}`?"
                if suggestion
                else "use seconds, minutes, hours, days or weeks, as in `15 minutes`",
            )
            per_unit = 0
        return m.Duration(
            amount=amount, unit=str(unit), seconds=amount * per_unit, span=span_of(meta)
        )

def _setting_word(key: str) -> str:
    return {
        "memory_mb": "memory",
        "invocation_timeout": "invocation timeout",
        "inputs": "input",
    }.get(key, key)


def _option_word(key: str) -> str:
    return {
        "at_most_once": "at most once",
        "on_failure": "on failure",
        "on_timeout": "on timeout",
        "max_checks": "max … times",
        "max_concurrency": "max concurrency",
        "max_delay": "max delay",
        "as_text": "as text",
    }.get(key, key)
