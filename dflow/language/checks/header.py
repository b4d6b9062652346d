"""Checks of the header settings and the `input` block."""

from __future__ import annotations

import keyword

from dflow.language import model as m
from dflow.language.checks.context import (
    MAX_FLOW_SECONDS,
    MAX_INVOCATION_SECONDS,
    Checker,
    check_duration,
    check_name,
    check_retry,
)
from dflow.language.durations import as_written


def check_header(checker: Checker) -> None:
    flow = checker.flow
    check_name(checker, flow.name, "the flow")
    if flow.timeout is not None:
        check_duration(checker, flow.timeout, "the flow's timeout", 1, MAX_FLOW_SECONDS)
    if flow.retention is not None:
        retention = flow.retention
        days = retention.seconds / 86400
        if retention.seconds % 86400 or not 1 <= days <= 90:
            checker.error(
                "DF203",
                f"retention must be a whole number of days from 1 to 90, not {as_written(retention)}",
                retention.span,
                hint="for example `retention 14 days`",
            )
    if flow.invocation_timeout is not None:
        check_duration(
            checker, flow.invocation_timeout, "an invocation timeout", 1, MAX_INVOCATION_SECONDS
        )
    if flow.memory_mb is not None and not 128 <= flow.memory_mb <= 10240:
        checker.error(
            "DF204",
            f"memory must be from 128 to 10240 MB, not {flow.memory_mb} MB",
            setting_span(flow, "memory_mb"),
        )
    if flow.retry is not None:
        check_retry(checker, flow.retry)
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
    for module in flow.actions:
        if module.alias and aliases.count(module.alias) > 1 and module is not _first_with(flow, module.alias):
            checker.error(
                "DF206",
                f"the alias `{module.alias}` is already given to `{_first_with(flow, module.alias).module}`",
                module.span,
                hint="give each actions module its own alias",
            )


def check_inputs(checker: Checker) -> None:
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


def setting_span(flow: m.Flow, keyword: str) -> m.Span:
    """Where a header setting was written (the flow's first line if it was not)."""
    return next((s.span for s in flow.settings if s.keyword == keyword), flow.name.span)


def _first_with(flow: m.Flow, alias: str) -> m.ActionsModule:
    return next(module for module in flow.actions if module.alias == alias)
