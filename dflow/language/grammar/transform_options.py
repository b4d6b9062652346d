"""The option lines of statements: `retry`, `on failure`, `timeout`, `max …`; one method per grammar rule.

Each rule gives `(key, value, span)`; a statement's rule collects them with
`_add_option`, which reports an option given twice (`on failure` and `retry`
may be given several times).
"""

from __future__ import annotations

from typing import Any

from lark import Token, v_args
from lark.tree import Meta

from dflow.language import model as m
from dflow.language.diagnostics import did_you_mean, replace_with
from dflow.language.grammar.transform_expressions import span_of, token_span
from dflow.language.grammar.transform_header import HeaderRules, name_of


@v_args(meta=True)
class OptionRules(HeaderRules):
    """The option half of `FlowBuilder`."""

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
        if key in ("on_failure", "retry"):  # several of these may follow each other
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
        handler = m.Handler.model_construct(errors=errors or [], alias=alias, body=body, span=span_of(meta))
        return ("on_failure", handler, span_of(meta))

    def on_timeout(self, meta: Meta, children: list[Any]) -> tuple[str, Any, m.Span]:
        alias, body = children
        return ("on_timeout", m.Handler.model_construct(alias=alias, body=body, span=span_of(meta)), span_of(meta))

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

    def tolerate_percent(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("tolerate_percent", int(children[0]), span_of(meta))

    def complete_after(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("complete_after", int(children[0]), span_of(meta))

    def retry_clause(self, meta: Meta, children: list[Any]) -> m.RetryPolicy:
        count, *parts = children
        fields: dict[str, Any] = {}
        for part in parts:
            self._add_option(fields, part, "retry")
        return m.RetryPolicy.model_construct(retries=int(count), span=span_of(meta), **fields)

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
                fix=replace_with(token_span(children[0]), suggestion),
            )
            word = "full"
        return ("jitter", word, span_of(meta))

    def retry_on(self, meta: Meta, children: list[Token]) -> tuple[str, Any, m.Span]:
        return ("on", [str(child) for child in children], span_of(meta))


def _option_word(key: str) -> str:
    return {
        "at_most_once": "at most once",
        "on_failure": "on failure",
        "on_timeout": "on timeout",
        "max_checks": "max … times",
        "max_concurrency": "max concurrency",
        "max_delay": "max delay",
        "as_text": "as text",
        "finally_": "finally",
        "tolerate_percent": "tolerate N%",
        "complete_after": "complete after",
    }.get(key, key)
