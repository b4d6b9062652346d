"""Turn lark's parse tree into the model: one method per grammar rule.

No lark `Tree` or `Token` leaves this module; every node keeps its position.
Problems found while building (an unknown duration unit, a bad escape in a
string) are collected as diagnostics instead of stopping the build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from dflow.compiler import model as m
from dflow.compiler.comments import Comments
from dflow.compiler.diagnostics import Diagnostic, did_you_mean, point

UNIT_SECONDS = {
    **dict.fromkeys(["seconds", "second", "s"], 1),
    **dict.fromkeys(["minutes", "minute", "min", "m"], 60),
    **dict.fromkeys(["hours", "hour", "h"], 3600),
    **dict.fromkeys(["days", "day", "d"], 86400),
    **dict.fromkeys(["weeks", "week", "w"], 604800),
}

ESCAPES = {'"': '"', "\\": "\\", "n": "\n"}

# Parses the text of a `{…}` interpolation; given by the parser module.
ExpressionParser = Callable[[str, int, int], m.Expr]


def span_of(meta: Meta) -> m.Span:
    return m.Span(
        line=meta.line, column=meta.column, end_line=meta.end_line, end_column=meta.end_column
    )


def token_span(token: Token) -> m.Span:
    assert token.line is not None and token.column is not None
    end_line = token.end_line if token.end_line is not None else token.line
    end_column = token.end_column if token.end_column is not None else token.column + len(token)
    return m.Span(line=token.line, column=token.column, end_line=end_line, end_column=end_column)


def name_of(token: Token) -> m.Name:
    return m.Name(text=str(token), span=token_span(token))


def statements_of(block: m.Block | None) -> list[m.AnyStatement]:
    return block.statements if block is not None else []


@v_args(meta=True)
class FlowBuilder(Transformer[Token, Any]):
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

    def flow_decl(self, meta: Meta, children: list[Token]) -> m.Name:
        return name_of(children[0])

    def description(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        text = self._plain_string(children[0])
        return ("description", text, span_of(meta))

    def flow_timeout(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("timeout", children[0], span_of(meta))

    def retention(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("retention", children[0], span_of(meta))

    def actions_decl(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        module, alias = children
        value = m.ActionsModule(
            module=module, alias=str(alias) if alias else None, span=span_of(meta)
        )
        return ("actions", value, span_of(meta))

    def module_path(self, meta: Meta, children: list[Token]) -> str:
        return ".".join(str(part) for part in children)

    def flow_retry(self, meta: Meta, children: list[m.RetryPolicy]) -> tuple[str, Any, m.Span]:
        return ("retry", children[0], span_of(meta))

    def runtime(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("runtime", str(children[0]), span_of(meta))

    def memory(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("memory_mb", int(children[0]), span_of(meta))

    def invocation_timeout(
        self, meta: Meta, children: list[m.Duration]
    ) -> tuple[str, Any, m.Span]:
        return ("invocation_timeout", children[0], span_of(meta))

    def input_block(self, meta: Meta, children: list[m.InputField]) -> tuple[str, Any, m.Span]:
        return ("inputs", children, span_of(meta))

    def input_field(self, meta: Meta, children: list[Any]) -> m.InputField:
        name, type_, default = children
        line = meta.line
        description = self.comments.trailing.get(line) or self.comments.above(line)
        return m.InputField(
            name=name_of(name),
            type=type_,
            default=default,
            description=description,
            span=span_of(meta),
        )

    def type_spec(self, meta: Meta, children: list[Any]) -> m.InputType:
        body: m.InputType = children[0]
        optional = children[1]
        return body.model_copy(update={"optional": optional is not None, "span": span_of(meta)})

    def simple_type(self, meta: Meta, children: list[Token]) -> m.InputType:
        return m.InputType(name=str(children[0]), span=span_of(meta))

    def list_type(self, meta: Meta, children: list[m.InputType]) -> m.InputType:
        return m.InputType(name="list", item=children[0], span=span_of(meta))

    def union_type(self, meta: Meta, children: list[m.Expr]) -> m.InputType:
        choices = [child.value for child in children if isinstance(child, m.LiteralValue)]
        for child in children:
            if not isinstance(child, m.LiteralValue):
                self._error("DF104", "a choice must be a plain value, without `{…}`", child.span)
        return m.InputType(name="choice", choices=choices, span=span_of(meta))

    # ------------------------------------------------------------ statements

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

    def on_failure(self, meta: Meta, children: list[m.Block]) -> tuple[str, Any, m.Span]:
        return ("on_failure", children[0], span_of(meta))

    def on_timeout(self, meta: Meta, children: list[m.Block]) -> tuple[str, Any, m.Span]:
        return ("on_timeout", children[0], span_of(meta))

    def callback_timeout(self, meta: Meta, children: list[m.Duration]) -> tuple[str, Any, m.Span]:
        return ("timeout", children[0], span_of(meta))

    def callback_heartbeat(
        self, meta: Meta, children: list[m.Duration]
    ) -> tuple[str, Any, m.Span]:
        return ("heartbeat", children[0], span_of(meta))

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
        name, function, payload, on_failure = children
        return m.Invoke(
            name=name_of(name),
            function=self._plain_string(function),
            payload=payload,
            on_failure=on_failure[1] if on_failure else None,
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

    def set_stmt(self, meta: Meta, children: list[Any]) -> m.SetValue:
        return m.SetValue(
            name=name_of(children[0]),
            value=children[1],
            span=span_of(meta),
            description=self.comments.above(meta.line),
        )

    def log_stmt(self, meta: Meta, children: list[Any]) -> m.Log:
        return m.Log(
            message=children[0], span=span_of(meta), description=self.comments.above(meta.line)
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
        return m.Call(
            alias=str(alias) if alias else None,
            function=str(function),
            function_span=token_span(function),
            arguments=[argument for argument in arguments if argument is not None],
            span=span_of(meta),
        )

    def argument(self, meta: Meta, children: list[Any]) -> m.Argument:
        return m.Argument(name=str(children[0]), value=children[1], span=span_of(meta))

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

    # ------------------------------------------------------------ expressions

    def or_(self, meta: Meta, children: list[Any]) -> m.Binary:
        return m.Binary(op="or", left=children[0], right=children[1], span=span_of(meta))

    def and_(self, meta: Meta, children: list[Any]) -> m.Binary:
        return m.Binary(op="and", left=children[0], right=children[1], span=span_of(meta))

    def not_(self, meta: Meta, children: list[Any]) -> m.Unary:
        return m.Unary(op="not", operand=children[0], span=span_of(meta))

    def neg(self, meta: Meta, children: list[Any]) -> m.Expr:
        operand = children[0]
        if isinstance(operand, m.LiteralValue) and isinstance(operand.value, (int, float)):
            if not isinstance(operand.value, bool):
                return m.LiteralValue(value=-operand.value, span=span_of(meta))
        return m.Unary(op="-", operand=operand, span=span_of(meta))

    def compare(self, meta: Meta, children: list[Any]) -> m.Binary:
        left, op, right = children
        return m.Binary(op=op, left=left, right=right, span=span_of(meta))

    def comp_op(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(child) for child in children)

    def binary(self, meta: Meta, children: list[Any]) -> m.Binary:
        left, op, right = children
        return m.Binary(op=str(op), left=left, right=right, span=span_of(meta))

    def attribute(self, meta: Meta, children: list[Any]) -> m.Attribute:
        return m.Attribute(target=children[0], name=str(children[1]), span=span_of(meta))

    def index(self, meta: Meta, children: list[Any]) -> m.Index:
        return m.Index(target=children[0], index=children[1], span=span_of(meta))

    def reference(self, meta: Meta, children: list[Token]) -> m.Reference:
        return m.Reference(name=str(children[0]), span=span_of(meta))

    def function(self, meta: Meta, children: list[Any]) -> m.FunctionCall:
        name, *args = children
        return m.FunctionCall(
            function=str(name),
            function_span=token_span(name),
            args=[arg for arg in args if arg is not None],
            span=span_of(meta),
        )

    def list_expr(self, meta: Meta, children: list[Any]) -> m.ListExpr:
        return m.ListExpr(items=[c for c in children if c is not None], span=span_of(meta))

    def map_expr(self, meta: Meta, children: list[Any]) -> m.MapExpr:
        return m.MapExpr(entries=[c for c in children if c is not None], span=span_of(meta))

    def map_item(self, meta: Meta, children: list[Any]) -> m.MapEntry:
        key, value = children
        text = self._plain_string(key) if key.type == "STRING" else str(key)
        return m.MapEntry(key=text, value=value, span=span_of(meta))

    def string(self, meta: Meta, children: list[Token]) -> m.Expr:
        return self._decode_string(children[0])

    def integer(self, meta: Meta, children: list[Token]) -> m.LiteralValue:
        return m.LiteralValue(value=int(children[0]), span=token_span(children[0]))

    def decimal(self, meta: Meta, children: list[Token]) -> m.LiteralValue:
        return m.LiteralValue(value=float(children[0]), span=token_span(children[0]))

    def true(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue(value=True, span=span_of(meta))

    def false(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue(value=False, span=span_of(meta))

    def null(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue(value=None, span=span_of(meta))

    # ------------------------------------------------------------ strings

    def _plain_string(self, token: Token) -> str:
        """A string where `{…}` is not allowed (descriptions, function names…)."""
        decoded = self._decode_string(token)
        if isinstance(decoded, m.LiteralValue) and isinstance(decoded.value, str):
            return decoded.value
        self._error(
            "DF104",
            "this string cannot contain `{…}`",
            token_span(token),
            hint="write `{{` and `}}` for literal braces",
        )
        return ""

    def _decode_string(self, token: Token) -> m.Expr:
        decoder = _StringDecoder(token, self.parse_expression)
        parts = decoder.decode()
        self.diagnostics.extend(decoder.diagnostics)
        span = token_span(token)
        if all(isinstance(part, str) for part in parts):
            return m.LiteralValue(value="".join(str(part) for part in parts), span=span)
        return m.Template(parts=parts, span=span)

    def _error(self, code: str, message: str, span: m.Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))


class _StringDecoder:
    """Splits a string token into text and `{expression}` parts."""

    def __init__(self, token: Token, parse_expression: ExpressionParser) -> None:
        self.raw = str(token)[1:-1]
        self.line = token.line or 1
        self.column = (token.column or 1) + 1  # column of raw[0]
        self.parse_expression = parse_expression
        self.diagnostics: list[Diagnostic] = []

    def decode(self) -> list[str | m.Expr]:
        parts: list[str | m.Expr] = []
        text: list[str] = []
        index = 0
        while index < len(self.raw):
            char = self.raw[index]
            if char == "\\":
                text.append(self._escape(index))
                index += 2
            elif self.raw.startswith("{{", index) or self.raw.startswith("}}", index):
                text.append(char)
                index += 2
            elif char == "{":
                if text:
                    parts.append("".join(text))
                    text = []
                index = self._interpolation(index, parts)
            elif char == "}":
                self._fail(index, "a lone `}` in a string", "write `}}` for a literal brace")
                index += 1
            else:
                text.append(char)
                index += 1
        if text:
            parts.append("".join(text))
        return parts

    def _escape(self, index: int) -> str:
        code = self.raw[index + 1 : index + 2]
        if code in ESCAPES:
            return ESCAPES[code]
        self._fail(index, f"unknown escape `\\{code}` in a string", 'use \\", \\\\ or \\n')
        return code

    def _interpolation(self, start: int, parts: list[str | m.Expr]) -> int:
        end = self._closing_brace(start)
        if end is None:
            self._fail(start, "`{` is never closed in this string", "write `{{` for a literal brace")
            return len(self.raw)
        source = self.raw[start + 1 : end].replace('\\"', '"').replace("\\\\", "\\")
        if not source.strip():
            self._fail(start, "empty `{}` in a string", "put an expression inside, or write `{{}}`")
        else:
            try:
                parts.append(self.parse_expression(source, self.line, self.column + start + 1))
            except _Reported as reported:
                self.diagnostics.extend(reported.diagnostics)
        return end + 1

    def _closing_brace(self, start: int) -> int | None:
        depth = 0
        in_string = False
        index = start
        while index < len(self.raw):
            char = self.raw[index]
            if char == "\\":
                in_string = not in_string if self.raw[index + 1 : index + 2] == '"' else in_string
                index += 2
                continue
            if not in_string:
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth == 0:
                    return index
            index += 1
        return None

    def _fail(self, index: int, message: str, hint: str) -> None:
        self.diagnostics.append(
            Diagnostic("DF103", message, point(self.line, self.column + index), hint=hint)
        )


class _Reported(Exception):
    """An interpolation whose expression had syntax errors, already reported."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("syntax error in interpolation")
        self.diagnostics = diagnostics


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
    }.get(key, key)


ReportedSyntaxError = _Reported
