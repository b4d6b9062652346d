"""The expression rules of the parse-tree transformer: one method per grammar rule."""

from __future__ import annotations

from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, Fix
from dflow.language.grammar.strings import ExpressionParser, StringDecoder


def span_of(meta: Meta) -> m.Span:
    return m.Span.model_construct(
        line=meta.line, column=meta.column, end_line=meta.end_line, end_column=meta.end_column
    )


def token_span(token: Token) -> m.Span:
    assert token.line is not None and token.column is not None
    end_line = token.end_line if token.end_line is not None else token.line
    end_column = token.end_column if token.end_column is not None else token.column + len(token)
    return m.Span.model_construct(line=token.line, column=token.column, end_line=end_line, end_column=end_column)


@v_args(meta=True)
class ExpressionRules(Transformer[Token, Any]):
    """The expression half of `FlowBuilder`; needs `parse_expression` and `diagnostics`."""

    parse_expression: ExpressionParser
    diagnostics: list[Diagnostic]


    def conditional(self, meta: Meta, children: list[Any]) -> m.Conditional:
        condition, then, otherwise = children
        return m.Conditional.model_construct(condition=condition, then=then, otherwise=otherwise, span=span_of(meta))

    def comprehension(self, meta: Meta, children: list[Any]) -> m.Comprehension:
        element, variable, items, condition = children
        return m.Comprehension.model_construct(
            element=element,
            variable=m.Name.model_construct(text=str(variable), span=token_span(variable)),
            items=items,
            condition=condition,
            span=span_of(meta),
        )

    def duration_value(self, meta: Meta, children: list[Any]) -> m.DurationValue:
        return m.DurationValue.model_construct(duration=self.duration(meta, children), span=span_of(meta))

    def duration(self, meta: Meta, children: list[Any]) -> m.Duration:
        raise NotImplementedError  # FlowBuilder's

    def or_(self, meta: Meta, children: list[Any]) -> m.Binary:
        return m.Binary.model_construct(op="or", left=children[0], right=children[1], span=span_of(meta))

    def and_(self, meta: Meta, children: list[Any]) -> m.Binary:
        return m.Binary.model_construct(op="and", left=children[0], right=children[1], span=span_of(meta))

    def not_(self, meta: Meta, children: list[Any]) -> m.Unary:
        return m.Unary.model_construct(op="not", operand=children[0], span=span_of(meta))

    def neg(self, meta: Meta, children: list[Any]) -> m.Expr:
        operand = children[0]
        if isinstance(operand, m.LiteralValue) and isinstance(operand.value, (int, float)):
            if not isinstance(operand.value, bool):
                return m.LiteralValue.model_construct(value=-operand.value, span=span_of(meta))
        return m.Unary.model_construct(op="-", operand=operand, span=span_of(meta))

    def compare(self, meta: Meta, children: list[Any]) -> m.Binary:
        left, op, right = children
        return m.Binary.model_construct(op=m.binary_op(op), left=left, right=right, span=span_of(meta))

    def comp_op(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(child) for child in children)

    def binary(self, meta: Meta, children: list[Any]) -> m.Binary:
        left, op, right = children
        return m.Binary.model_construct(op=m.binary_op(str(op)), left=left, right=right, span=span_of(meta))

    def attribute(self, meta: Meta, children: list[Any]) -> m.Attribute:
        return m.Attribute.model_construct(target=children[0], name=str(children[1]), span=span_of(meta))

    def index(self, meta: Meta, children: list[Any]) -> m.Index:
        return m.Index.model_construct(target=children[0], index=children[1], span=span_of(meta))

    def reference(self, meta: Meta, children: list[Token]) -> m.Reference:
        return m.Reference.model_construct(name=str(children[0]), span=span_of(meta))

    def function(self, meta: Meta, children: list[Any]) -> m.FunctionCall:
        name, *args = children
        return m.FunctionCall.model_construct(
            function=str(name),
            function_span=token_span(name),
            args=[arg for arg in args if arg is not None],
            span=span_of(meta),
        )

    def list_expr(self, meta: Meta, children: list[Any]) -> m.ListExpr:
        return m.ListExpr.model_construct(items=[c for c in children if c is not None], span=span_of(meta))

    def map_expr(self, meta: Meta, children: list[Any]) -> m.MapExpr:
        return m.MapExpr.model_construct(entries=[c for c in children if c is not None], span=span_of(meta))

    def map_item(self, meta: Meta, children: list[Any]) -> m.MapEntry:
        key, value = children
        text = self._plain_string(key) if key.type == "STRING" else str(key)
        return m.MapEntry.model_construct(key=text, value=value, span=span_of(meta))

    def string(self, meta: Meta, children: list[Token]) -> m.Expr:
        return self._decode_string(children[0])

    def integer(self, meta: Meta, children: list[Token]) -> m.LiteralValue:
        return m.LiteralValue.model_construct(value=int(children[0]), span=token_span(children[0]))

    def decimal(self, meta: Meta, children: list[Token]) -> m.LiteralValue:
        return m.LiteralValue.model_construct(value=float(children[0]), span=token_span(children[0]))

    def true(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue.model_construct(value=True, span=span_of(meta))

    def false(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue.model_construct(value=False, span=span_of(meta))

    def null(self, meta: Meta, children: list[Any]) -> m.LiteralValue:
        return m.LiteralValue.model_construct(value=None, span=span_of(meta))


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
        decoder = StringDecoder.for_token(token, self.parse_expression)
        parts = decoder.decode()
        self.diagnostics.extend(decoder.diagnostics)
        span = token_span(token)
        if all(isinstance(part, str) for part in parts):
            return m.LiteralValue.model_construct(value="".join(str(part) for part in parts), span=span)
        return m.Template.model_construct(parts=parts, span=span)

    def _error(self, code: str, message: str, span: m.Span, hint: str | None = None, fix: Fix | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint, fix=fix))
