"""What an imported flow cannot say yet: a closed list of codes, each with the fallback the flow uses.

Each becomes one comment line above the statement, repeated in the flow's
header: `# TODO(import) CODE STATE: what the flow does instead; ASL: FIELD = VALUE`.
Nothing else is a TODO.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Each code and what the flow does instead when nothing more precise is said.
CODES: dict[str, str] = {
    "task-timeout": "the step has no time limit of its own",
    "context": "the value is null",
    "retry-count": "dflow counts every attempt against each retry line",
    "millis": "the clock is read to the second",
    "invoke-name": "the flow invokes a durable function of that name",
    "substitution": "the placeholder is written as its name",
    "unsupported": "the flow leaves it out",
}

VALUE_WIDTH = 80


@dataclass(frozen=True)
class Todo:
    code: str
    state: str
    instead: str
    field: str
    value: Any

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"not a TODO code: {self.code}")

    @property
    def line(self) -> str:
        return todo_line(self.code, self.state, self.instead, self.field, self.value)


def todo_line(code: str, state: str, instead: str, field: str, value: Any) -> str:
    """`TODO(import) CODE STATE: instead; ASL: FIELD = VALUE`, the value cut at 80 characters."""
    shown = value if isinstance(value, str) else json.dumps(value, sort_keys=False, ensure_ascii=False)
    shown = " ".join(shown.split())
    if len(shown) > VALUE_WIDTH:
        shown = shown[: VALUE_WIDTH - 1] + "…"
    return f"TODO(import) {code} {state}: {instead or CODES[code]}; ASL: {field} = {shown}"
