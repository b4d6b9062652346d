"""Inlay hints where they help an analyst read a flow: the delays each `retry` line gives."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from dflow.language import model as m
from dflow.language.walk import all_statements, field_value

MOST_DELAYS_SHOWN = 5


@dataclass(frozen=True)
class Hint:
    line: int
    column: int  # where the hint goes: the end of the `retry` line
    label: str


def delay_words(retry: m.RetryPolicy) -> str:
    delays = list(islice(retry.delays(), MOST_DELAYS_SHOWN + 1))
    shown = [_short(seconds) for seconds in delays[:MOST_DELAYS_SHOWN]]
    if len(delays) > MOST_DELAYS_SHOWN:
        shown.append("…")
    words = ", ".join(shown)
    return f"up to {words}" if retry.jitter in ("full", "half") else words


def hints(flow: m.Flow, lines: list[str]) -> list[Hint]:
    found = []
    retries = [flow.retry] if flow.retry is not None else []
    for statement in all_statements(flow.body):
        written = field_value(statement, "retry")
        if isinstance(written, list):
            retries.extend(written)
    for retry in retries:
        if retry.retries > 0:
            end = len(lines[retry.span.line - 1]) + 1 if retry.span.line <= len(lines) else retry.span.end_column
            found.append(Hint(retry.span.line, end, "  " + delay_words(retry)))
    return sorted(found, key=lambda hint: (hint.line, hint.column))


def _short(seconds: float) -> str:
    """`2 s`, `1.5 s`, `4 min`, `2 h`: short, for a line's end."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"
