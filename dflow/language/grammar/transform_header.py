"""Grammar rules of a flow's header and its `input` block, as part of `FlowBuilder`.

Each header rule returns `(setting, value, span)`; `FlowBuilder.start` collects them.
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from dflow.language import model as m
from dflow.language.grammar.comments import Comments
from dflow.language.grammar.transform_expressions import ExpressionRules, span_of, token_span


def name_of(token: Token) -> m.Name:
    return m.Name.model_construct(text=str(token), span=token_span(token))


@v_args(meta=True)
class HeaderRules(ExpressionRules):
    """The rules from `flow NAME` to the end of the `input` block."""

    comments: Comments  # set by FlowBuilder: the flow's comments become input descriptions

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
        value = m.ActionsModule.model_construct(
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
        return m.InputField.model_construct(
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
        return m.InputType.model_construct(name=m.input_type_name(str(children[0])), span=span_of(meta))

    def list_type(self, meta: Meta, children: list[m.InputType]) -> m.InputType:
        return m.InputType.model_construct(name="list", item=children[0], span=span_of(meta))

    def union_type(self, meta: Meta, children: list[m.Expr]) -> m.InputType:
        choices = [child.value for child in children if isinstance(child, m.LiteralValue)]
        for child in children:
            if not isinstance(child, m.LiteralValue):
                self._error("DF104", "a choice must be a plain value, without `{…}`", child.span)
        return m.InputType.model_construct(name="choice", choices=choices, span=span_of(meta))

    # ------------------------------------------------------------ statements
