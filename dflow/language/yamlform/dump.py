"""`model.Flow` → the YAML form: the shape `document.py` describes, keys in a stable order.

Descriptions (the comments above statements in a `.flow` file) become
`description:` keys, so nothing but comment layout is lost in a conversion.
"""

from __future__ import annotations

import io
from typing import Any, assert_never

from ruamel.yaml.comments import CommentedMap

from dflow.language import model as m
from dflow.language.text import unparse
from dflow.language.yamlform.layout import round_trip_yaml


def dump_flow(flow: m.Flow) -> str:
    """The YAML text of a flow."""
    stream = io.StringIO()
    round_trip_yaml().dump(_flow(flow), stream)
    return stream.getvalue()


def _mapping(*pairs: tuple[str, Any]) -> CommentedMap:
    """A mapping of the pairs whose value is set, in the order given."""
    return CommentedMap((key, value) for key, value in pairs if value is not None)


def _flow(flow: m.Flow) -> CommentedMap:
    return _mapping(
        ("flow", flow.name.text),
        ("description", flow.description),
        ("comment", flow.comment),
        ("timeout", _duration(flow.timeout)),
        ("retention", _duration(flow.retention)),
        ("actions", [a.module + (f" as {a.alias}" if a.alias else "") for a in flow.actions] or None),
        ("retry", unparse.retry(flow.retry) if flow.retry else None),
        ("runtime", flow.runtime),
        ("memory", flow.memory_mb),
        ("invocation_timeout", _duration(flow.invocation_timeout)),
        ("input", _inputs(flow.inputs) if flow.inputs is not None else None),
        ("steps", _block(flow.body)),
    )


def _inputs(fields: list[m.InputField]) -> CommentedMap:
    inputs = CommentedMap()
    for field in fields:
        type_ = unparse.input_type(field.type)
        if field.default is None and field.description is None:
            inputs[field.name.text] = type_
        else:
            default = unparse.expression(field.default) if field.default is not None else None
            inputs[field.name.text] = _mapping(("type", type_), ("default", default), ("description", field.description))
    return inputs


def _duration(duration: m.Duration | None) -> str | None:
    return unparse.duration(duration) if duration is not None else None


def _block(block: m.Block | None) -> list[CommentedMap] | None:
    return [_statement(statement) for statement in block.statements] if block is not None else None


def _retries(retries: list[m.RetryPolicy]) -> Any:
    """One `retry` line as text, several as a list."""
    if not retries:
        return None
    lines = [unparse.retry(retry) for retry in retries]
    return lines[0] if len(lines) == 1 else lines


def _failures(handlers: list[m.Handler]) -> list[CommentedMap] | None:
    """One block for any failure stays a plain list of statements, as in version 1."""
    if not handlers:
        return None
    if len(handlers) == 1 and not handlers[0].errors and handlers[0].alias is None:
        return _block(handlers[0].body)
    return [_handler(handler) for handler in handlers]


def _handler(handler: m.Handler) -> CommentedMap:
    return _mapping(
        ("errors", [error.text for error in handler.errors] or None),
        ("as", handler.alias.text if handler.alias else None),
        ("steps", _block(handler.body)),
    )


def _timeout(handler: m.Handler | None) -> Any:
    if handler is None:
        return None
    return _handler(handler) if handler.alias is not None else _block(handler.body)


def _expression(expr: m.Expr | None) -> str | None:
    return unparse.expression(expr) if expr is not None else None


def _statement(statement: m.AnyStatement) -> CommentedMap:
    described = ("description", statement.description)
    match statement:
        case m.Step():
            return _mapping(
                ("step", unparse.call(statement.call)),
                ("name", statement.name.text if statement.explicit_name else None),
                described,
                ("retry", _retries(statement.retry)),
                ("at_most_once", True if statement.at_most_once else None),
                ("undo", unparse.call(statement.undo) if statement.undo else None),
                ("on_failure", _failures(statement.on_failure)),
            )
        case m.Wait():
            if statement.duration:
                wait: Any = _duration(statement.duration)
            elif statement.amount is not None and statement.unit is not None:
                wait = _mapping(("amount", unparse.expression(statement.amount)), ("unit", statement.unit.text))
            else:
                wait = _mapping(("until", _expression(statement.until)))
            return _mapping(("wait", wait), ("name", statement.name.text if statement.name else None), described)
        case m.WaitFor():
            return _mapping(
                ("wait_for", unparse.call(statement.call)), ("name", statement.name.text), described,
                ("timeout", _duration(statement.timeout)), ("heartbeat", _duration(statement.heartbeat)),
                ("as_text", True if statement.as_text else None), ("retry", _retries(statement.retry)),
                ("on_timeout", _timeout(statement.on_timeout)), ("on_failure", _failures(statement.on_failure)),
            )
        case m.Invoke():
            return _mapping(
                ("invoke", statement.function), ("name", statement.name.text),
                ("with", unparse.expression(statement.payload)), described, ("retry", _retries(statement.retry)),
                ("on_failure", _failures(statement.on_failure)),
            )
        case m.Poll():
            return _mapping(
                ("poll", unparse.call(statement.call)), ("name", statement.name.text),
                ("every", unparse.duration(statement.every)), ("until", unparse.expression(statement.until)),
                ("max", statement.max_checks), ("retry", _retries(statement.retry)), described, ("on_failure", _failures(statement.on_failure)),
            )
        case m.If():
            first, *others = statement.arms
            else_if = [_mapping(("condition", unparse.expression(a.condition)), ("then", _block(a.body))) for a in others]
            return _mapping(
                ("if", unparse.expression(first.condition)), ("then", _block(first.body)),
                ("else_if", else_if or None), ("else", _block(statement.otherwise)), described,
            )
        case m.Parallel():
            branches = CommentedMap((branch.name.text, _block(branch.body)) for branch in statement.branches)
            return _mapping(
                ("parallel", statement.name.text), described, ("max_concurrency", statement.max_concurrency),
                ("tolerate", statement.tolerate or None), ("tolerate_percent", statement.tolerate_percent),
                ("complete_after", statement.complete_after), ("branches", branches),
                ("on_failure", _failures(statement.on_failure)),
            )
        case m.ForEach():
            return _mapping(
                ("for_each", statement.variable.text),
                ("position", statement.position.text if statement.position else None),
                ("in", unparse.expression(statement.items)),
                ("as", statement.name.text), described, ("max_concurrency", statement.max_concurrency),
                ("tolerate", statement.tolerate or None), ("tolerate_percent", statement.tolerate_percent),
                ("complete_after", statement.complete_after), ("steps", _block(statement.body)),
                ("on_failure", _failures(statement.on_failure)),
            )
        case m.Repeat():
            return _mapping(
                ("repeat", _mapping((statement.mode, unparse.expression(statement.condition)))),
                ("max", statement.max_passes), described, ("steps", _block(statement.body)),
                ("on_failure", _failures(statement.on_failure)),
            )
        case m.Group():
            return _mapping(
                ("group", statement.name.text), described, ("steps", _block(statement.body)),
                ("retry", _retries(statement.retry)),
                ("on_failure", _failures(statement.on_failure)), ("finally", _block(statement.finally_)),
            )
        case m.SetValue():
            return _mapping(("set", statement.name.text), ("value", unparse.expression(statement.value)), described)
        case m.Log():
            text = unparse.text_of(statement.message)
            log: Any = text if text is not None else _mapping(("expression", unparse.expression(statement.message)))
            fields = unparse.expression(statement.fields) if statement.fields is not None else None
            return _mapping(("log", log), ("with", fields), described)
        case m.Return():
            return _mapping(("return", _expression(statement.value)), described) if statement.value else CommentedMap(
                [("return", None), *([described] if statement.description else [])]
            )
        case m.Fail():
            message = unparse.text_of(statement.message) if statement.message is not None else None
            return _mapping(("fail", statement.error.text), ("message", message), described)
        case _:
            assert_never(statement)
