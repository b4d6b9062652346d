"""Turn lark's parse tree into the model: one method per grammar rule.

No lark `Tree` or `Token` leaves this module; every node keeps its position.
Problems found while building (an unknown duration unit, a bad escape in a
string) are collected as diagnostics instead of stopping the build.

Nodes are built with `model_construct`, not validated: the grammar and mypy
have checked every field already, and building pydantic's validators for the
first flow cost a cold `dflow check` 140 ms, a third of its time.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, did_you_mean, replace_with
from dflow.language.durations import UNIT_SECONDS, canonical_unit
from dflow.language.grammar.comments import Comments
from dflow.language.grammar.strings import ExpressionParser
from dflow.language.grammar.transform_expressions import span_of, token_span
from dflow.language.grammar.transform_header import name_of
from dflow.language.grammar.transform_options import OptionRules


@v_args(meta=True)
class FlowBuilder(OptionRules):
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
        return m.Flow.model_construct(
            name=name,
            comment=self.comments.above(name.span.line),
            body=m.Block.model_construct(statements=statements, span=body_span),
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
        settings["settings"].append(m.Setting.model_construct(keyword=keyword, span=span))

    # ------------------------------------------------------------ YAML-form entry points

    def yaml_call(self, meta: Meta, children: list[m.Call]) -> m.Call:
        return children[0]

    def yaml_duration(self, meta: Meta, children: list[m.Duration]) -> m.Duration:
        return children[0]

    def yaml_retry(self, meta: Meta, children: list[Any]) -> m.RetryPolicy:
        return self.retry_clause(meta, children)

    def yaml_module(self, meta: Meta, children: list[Any]) -> m.ActionsModule:
        module, alias = children
        return m.ActionsModule.model_construct(module=module, alias=str(alias) if alias else None, span=span_of(meta))

    def yaml_input(self, meta: Meta, children: list[Any]) -> tuple[m.InputType, m.Expr | None]:
        return children[0], children[1]

    def body(self, meta: Meta, children: list[m.AnyStatement]) -> m.Block:
        return m.Block.model_construct(statements=children, span=span_of(meta))

    def step_stmt(self, meta: Meta, children: list[Any]) -> m.Step:
        name, call, *options = children
        fields: dict[str, Any] = {}
        for option in options:
            if option is not None:
                self._add_option(fields, option, "step")
        step_name = name_of(name) if name else m.Name.model_construct(text=call.function, span=call.function_span)
        return m.Step.model_construct(
            name=step_name,
            explicit_name=name is not None,
            call=call,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def wait_stmt(self, meta: Meta, children: list[Any]) -> m.Wait:
        name, duration = children
        return m.Wait.model_construct(
            name=name_of(name) if name else None,
            duration=duration,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def wait_computed_stmt(self, meta: Meta, children: list[Any]) -> m.Wait:
        name, amount, unit = children
        unit_name, problem = computed_wait_unit(name_of(unit))
        if problem is not None:
            self.diagnostics.append(problem)
        return m.Wait.model_construct(
            name=name_of(name) if name else None,
            amount=amount,
            unit=unit_name,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def wait_path(self, meta: Meta, children: list[Any]) -> m.Expr:
        root, *accessors = children
        expr: m.Expr = m.Reference.model_construct(name=str(root), span=token_span(root))
        for kind, value, end in accessors:
            span = m.Span.model_construct(line=expr.span.line, column=expr.span.column, end_line=end.end_line, end_column=end.end_column)
            if kind == "key":
                expr = m.Attribute.model_construct(target=expr, name=value, span=span)
            else:
                expr = m.Index.model_construct(target=expr, index=value, span=span)
        return expr

    def path_key(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("key", str(children[0]), span_of(meta))

    def path_index(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        return ("index", children[0], span_of(meta))

    def wait_until_stmt(self, meta: Meta, children: list[Any]) -> m.Wait:
        name, until = children
        return m.Wait.model_construct(
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
        return m.WaitFor.model_construct(
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
        return m.Invoke.model_construct(
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
        return m.Poll.model_construct(
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
        arms = [m.Condition.model_construct(condition=condition, body=body, span=span_of(meta))]
        otherwise = None
        for item in rest:
            if isinstance(item, m.Condition):
                arms.append(item)
            elif isinstance(item, m.Block):
                otherwise = item
        return m.If.model_construct(
            arms=arms,
            otherwise=otherwise,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def else_if(self, meta: Meta, children: list[Any]) -> m.Condition:
        return m.Condition.model_construct(condition=children[0], body=children[1], span=span_of(meta))

    def else_block(self, meta: Meta, children: list[m.Block]) -> m.Block:
        return children[0]

    def parallel_stmt(self, meta: Meta, children: list[Any]) -> m.Parallel:
        name, *rest = children
        fields: dict[str, Any] = {}
        branches = [item for item in rest if isinstance(item, m.Branch)]
        # Options come before the branches, `on failure` after them.
        for option in (item for item in rest if isinstance(item, tuple)):
            self._add_option(fields, option, "parallel")
        return m.Parallel.model_construct(
            name=name_of(name),
            branches=branches,
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def branch(self, meta: Meta, children: list[Any]) -> m.Branch:
        return m.Branch.model_construct(name=name_of(children[0]), body=children[1], span=span_of(meta))

    def for_each_stmt(self, meta: Meta, children: list[Any]) -> m.ForEach:
        variable, position, items, name, *rest = children
        fields: dict[str, Any] = {}
        statements = [item for item in rest if not isinstance(item, tuple)]
        # Options come before the body's statements, `on failure` after them.
        for option in (item for item in rest if isinstance(item, tuple)):
            self._add_option(fields, option, "loop")
        body_span = statements[0].span if statements else span_of(meta)
        return m.ForEach.model_construct(
            variable=name_of(variable),
            position=name_of(position) if position else None,
            items=items,
            name=name_of(name),
            body=m.Block.model_construct(statements=statements, span=body_span),
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
        return m.Repeat.model_construct(
            mode="while" if str(mode) == "while" else "until",
            condition=condition,
            max_passes=max_passes,
            body=m.Block.model_construct(statements=statements, span=statements[0].span),
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def group_stmt(self, meta: Meta, children: list[Any]) -> m.Group:
        name, *rest = children
        statements = [item for item in rest if not isinstance(item, tuple)]
        clauses = [item for item in rest if isinstance(item, tuple)]
        fields: dict[str, Any] = {}
        for clause in clauses:
            self._add_option(fields, clause, "group")
        if any(key == "finally_" for key, _, _ in clauses[:-1]):
            self._error(
                "DF287",
                "`finally` comes last in a group, after its `retry` and `on failure` lines",
                next(span for key, _, span in clauses if key == "finally_"),
                hint="move the `finally` block below the group's other clauses",
            )
        return m.Group.model_construct(
            name=name_of(name),
            body=m.Block.model_construct(statements=statements, span=statements[0].span),
            span=span_of(meta),
            description=self.comments.above(meta.line),
            **fields,
        )

    def finally_block(self, meta: Meta, children: list[m.Block]) -> tuple[str, Any, m.Span]:
        return ("finally_", children[0], span_of(meta))

    def repeat_max(self, meta: Meta, children: list[Token]) -> int:
        return int(children[0])

    def set_stmt(self, meta: Meta, children: list[Any]) -> m.SetValue:
        return m.SetValue.model_construct(
            name=name_of(children[0]),
            value=children[1],
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def log_stmt(self, meta: Meta, children: list[Any]) -> m.Log:
        return m.Log.model_construct(
            message=children[0], fields=children[1], span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def return_stmt(self, meta: Meta, children: list[Any]) -> m.Return:
        return m.Return.model_construct(
            value=children[0], span=span_of(meta), description=self.comments.above(meta.line)
        )

    def fail_stmt(self, meta: Meta, children: list[Any]) -> m.Fail:
        error, message = children
        return m.Fail.model_construct(
            error=name_of(error),
            message=self.string(meta, [message]) if message is not None else None,
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def call(self, meta: Meta, children: list[Any]) -> m.Call:
        first, second, *arguments = children
        alias, function = (first, second) if second is not None else (None, first)
        given = [argument for argument in arguments if argument is not None]
        return m.Call.model_construct(
            alias=str(alias) if alias else None,
            function=str(function),
            function_span=token_span(function),
            arguments=[argument for argument in given if isinstance(argument, m.Argument)],
            positional=[argument[1] for argument in given if isinstance(argument, tuple)],
            span=span_of(meta),
        )

    def argument(self, meta: Meta, children: list[Any]) -> m.Argument:
        return m.Argument.model_construct(name=str(children[0]), value=children[1], span=span_of(meta))

    def positional(self, meta: Meta, children: list[Any]) -> tuple[str, m.Expr]:
        return ("positional", children[0])

    def duration(self, meta: Meta, children: list[Any]) -> m.Duration:
        amount_literal, unit = children
        amount = amount_literal.value
        per_unit = UNIT_SECONDS.get(str(unit))
        if per_unit is None:
            self.diagnostics.append(unknown_unit(str(unit), token_span(unit), "`15 minutes`"))
            per_unit = 0
        return m.Duration.model_construct(
            amount=amount, unit=str(unit), seconds=float(amount * per_unit), span=span_of(meta)
        )

def unknown_unit(unit: str, span: m.Span, example: str) -> Diagnostic:
    """DF102, for a unit of time that is none of the language's."""
    suggestion = did_you_mean(unit, set(UNIT_SECONDS))
    return Diagnostic(
        "DF102",
        f"unknown unit of time `{unit}`",
        span,
        hint=f"did you mean `{suggestion}`?" if suggestion
        else f"use seconds, minutes, hours, days or weeks, as in {example}",
        fix=replace_with(span, suggestion),
    )


def computed_wait_unit(unit: m.Name) -> tuple[m.Name, Diagnostic | None]:
    """The unit of `wait EXPR UNIT`, its plural spelled out (`s` and `second` are `seconds`)."""
    if unit.text not in UNIT_SECONDS:
        return unit, unknown_unit(unit.text, unit.span, "`wait input.delay minutes`")
    return unit.model_copy(update={"text": canonical_unit("2", unit.text)}), None


def _setting_word(key: str) -> str:
    return {
        "memory_mb": "memory",
        "invocation_timeout": "invocation timeout",
        "inputs": "input",
    }.get(key, key)
