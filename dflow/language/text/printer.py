"""`model.Flow` → `.flow` text, for `dflow convert --to flow`.

Descriptions become the comment lines above their statements; the result is
passed through `dflow fmt`, which lays it out and proves it means the same.
"""

from __future__ import annotations

from typing import assert_never

from dflow.language import model as m
from dflow.language.text import unparse
from dflow.language.walk import field_value, handlers
from dflow.language.text.fmt import format_flow

INDENT = "  "


def print_flow(flow: m.Flow) -> str:
    """The canonical `.flow` text of a model."""
    lines = _comment(flow.comment, 0)
    lines.append(f"flow {flow.name.text}")
    if flow.description is not None:
        lines.append(f"description {unparse.string_literal(flow.description)}")
    for keyword, duration in (("timeout", flow.timeout), ("retention", flow.retention)):
        if duration is not None:
            lines.append(f"{keyword} {unparse.duration(duration)}")
    for module in flow.actions:
        lines.append(f"actions {module.module}" + (f" as {module.alias}" if module.alias else ""))
    if flow.retry is not None:
        lines.append(f"retry {unparse.retry(flow.retry)}")
    if flow.runtime is not None:
        lines.append(f"runtime {flow.runtime}")
    if flow.memory_mb is not None:
        lines.append(f"memory {flow.memory_mb} MB")
    if flow.invocation_timeout is not None:
        lines.append(f"invocation timeout {unparse.duration(flow.invocation_timeout)}")
    if flow.inputs is not None:
        lines += ["", "input", *(_input(field) for field in flow.inputs)]
    lines.append("")
    lines += _block(flow.body, 0)
    return format_flow("\n".join(lines) + "\n")


def _comment(text: str | None, depth: int) -> list[str]:
    if text is None:
        return []
    return [f"{INDENT * depth}# {line}".rstrip() for line in text.split("\n")]


def _input(field: m.InputField) -> str:
    text = f"{INDENT}{field.name.text}: {unparse.input_type(field.type)}"
    if field.default is not None:
        text += f" = {unparse.expression(field.default)}"
    if field.description is not None and "\n" not in field.description:
        text += f"  # {field.description}"
    elif field.description is not None:
        text = "\n".join(_comment(field.description, 1)) + "\n" + text
    return text


def _block(block: m.Block, depth: int) -> list[str]:
    lines: list[str] = []
    for statement in block.statements:
        lines += _comment(statement.description, depth)
        lines += [INDENT * depth + line for line in _statement(statement, depth)]
    return lines


def _retries(retries: list[m.RetryPolicy]) -> list[str]:
    return [f"{INDENT}retry {unparse.retry(retry)}" for retry in retries]


def _handlers(statement: m.AnyStatement, depth: int) -> list[str]:
    """`on timeout` and `on failure` blocks, one indent under the statement."""
    lines: list[str] = []
    for handler in handlers(statement):
        keyword = "on timeout" if handler is field_value(statement, "on_timeout") else "on failure"
        if handler.errors:
            keyword += " " + ", ".join(error.text for error in handler.errors)
        if handler.alias is not None:
            keyword += f" as {handler.alias.text}"
        lines += [f"{INDENT}{keyword}", *(line[len(INDENT * depth):] for line in _block(handler.body, depth + 2))]
    return lines


def _nested(block: m.Block, depth: int, levels: int = 1) -> list[str]:
    return [line[len(INDENT * depth):] for line in _block(block, depth + levels)]


def _statement(statement: m.AnyStatement, depth: int) -> list[str]:
    """The statement's lines, indented relative to the statement itself."""
    match statement:
        case m.Step():
            head = f"step {statement.name.text} = " if statement.explicit_name else "step "
            lines = [head + unparse.call(statement.call), *_retries(statement.retry)]
            if statement.at_most_once:
                lines.append(f"{INDENT}at most once")
            if statement.undo is not None:
                lines.append(f"{INDENT}undo {unparse.call(statement.undo)}")
            return lines + _handlers(statement, depth)
        case m.Wait():
            name = f"{statement.name.text} " if statement.name else ""
            if statement.duration is not None:
                return [f"wait {name}{unparse.duration(statement.duration)}"]
            if statement.amount is not None and statement.unit is not None:
                return [f"wait {name}{unparse.wait_amount(statement.amount)} {statement.unit.text}"]
            assert statement.until is not None
            return [f"wait {name}until {unparse.expression(statement.until)}"]
        case m.WaitFor():
            lines = [f"wait for {statement.name.text} = {unparse.call(statement.call)}"]
            if statement.timeout is not None:
                lines.append(f"{INDENT}timeout {unparse.duration(statement.timeout)}")
            if statement.heartbeat is not None:
                lines.append(f"{INDENT}heartbeat {unparse.duration(statement.heartbeat)}")
            if statement.as_text:
                lines.append(f"{INDENT}as text")
            lines += _retries(statement.retry)
            return lines + _handlers(statement, depth)
        case m.Invoke():
            lines = [
                f"invoke {statement.name.text} = {unparse.string_literal(statement.function)} with {unparse.expression(statement.payload)}",
                *_retries(statement.retry),
            ]
            return lines + _handlers(statement, depth)
        case m.Poll():
            lines = [
                f"poll {statement.name.text} = {unparse.call(statement.call)} every "
                f"{unparse.duration(statement.every)} until {unparse.expression(statement.until)}"
            ]
            if statement.max_checks is not None:
                lines.append(f"{INDENT}max {statement.max_checks} times")
            lines += _retries(statement.retry)
            return lines + _handlers(statement, depth)
        case m.If():
            arms: list[str] = []
            for index, arm in enumerate(statement.arms):
                arms.append(("if " if index == 0 else "else if ") + unparse.expression(arm.condition))
                arms += _nested(arm.body, depth)
            if statement.otherwise is not None:
                arms += ["else", *_nested(statement.otherwise, depth)]
            return arms
        case m.Parallel():
            lines = [f"parallel {statement.name.text}", *_batch_options(statement)]
            for branch in statement.branches:
                lines += [f"{INDENT}branch {branch.name.text}", *_nested(branch.body, depth, 2)]
            return lines + _handlers(statement, depth)
        case m.ForEach():
            position = f", {statement.position.text}" if statement.position else ""
            head = f"for each {statement.variable.text}{position} in {unparse.expression(statement.items)} as {statement.name.text}"
            return [head, *_batch_options(statement), *_nested(statement.body, depth), *_handlers(statement, depth)]
        case m.Repeat():
            head = f"repeat {statement.mode} {unparse.expression(statement.condition)}"
            passes = [f"{INDENT}max {statement.max_passes} times"] if statement.max_passes is not None else []
            return [head, *passes, *_nested(statement.body, depth), *_handlers(statement, depth)]
        case m.Group():
            lines = [f"group {statement.name.text}", *_nested(statement.body, depth), *_retries(statement.retry)]
            lines += _handlers(statement, depth)
            if statement.finally_ is not None:
                lines += [f"{INDENT}finally", *_nested(statement.finally_, depth, 2)]
            return lines
        case m.SetValue():
            return [f"set {statement.name.text} = {unparse.expression(statement.value)}"]
        case m.Log():
            fields = f" with {unparse.expression(statement.fields)}" if statement.fields is not None else ""
            return [f"log {unparse.expression(statement.message)}{fields}"]
        case m.Return():
            return ["return" + (f" {unparse.expression(statement.value)}" if statement.value is not None else "")]
        case m.Fail():
            message = f" {unparse.expression(statement.message)}" if statement.message is not None else ""
            return [f"fail {statement.error.text}{message}"]
        case _:
            assert_never(statement)


def _batch_options(statement: m.Parallel | m.ForEach) -> list[str]:
    lines = []
    if statement.max_concurrency is not None:
        lines.append(f"{INDENT}max concurrency {statement.max_concurrency}")
    if statement.tolerate:
        lines.append(f"{INDENT}tolerate {statement.tolerate} failure{'s' if statement.tolerate != 1 else ''}")
    if statement.tolerate_percent is not None:
        lines.append(f"{INDENT}tolerate {statement.tolerate_percent}% failures")
    if statement.complete_after is not None:
        after = statement.complete_after
        lines.append(f"{INDENT}complete after {after} success{'es' if after != 1 else ''}")
    return lines
