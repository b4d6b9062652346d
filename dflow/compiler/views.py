"""What the templates receive: plain records whose fields are finished Python fragments.

The lowering stage computes every name, expression and import; templates only
lay these out, so a template reads like the code it produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class StepView:
    comment: list[str]
    target: str | None
    function: str  # `lambda _: actions.f(a=…)`
    name: str  # a Python string literal
    config: str
    undo: UndoView | None = None
    on_failure: HandlerView | None = None
    kind: str = "step"


@dataclass(frozen=True)
class UndoView:
    name: str  # Python string literal `"undo_reservation"`
    action: str  # `functools.partial(actions.release_slot, slot=…)`


@dataclass(frozen=True)
class HandlerView:
    """An `on failure` / `on timeout` block: what runs, and what NAME holds after it."""

    exceptions: str
    body: list[AnyView]
    falls_through: bool
    target: str | None


@dataclass(frozen=True)
class WaitView:
    comment: list[str]
    duration: str
    name: str
    kind: str = "wait"


@dataclass(frozen=True)
class WaitUntilView:
    comment: list[str]
    timestamp: str
    clock_name: str
    name: str
    kind: str = "wait_until"


@dataclass(frozen=True)
class WaitForView:
    comment: list[str]
    target: str | None
    submitter: str  # the name of the nested submitter function
    submit_call: str  # the action call it makes, with `callback_id=callback_id`
    name: str
    config: str
    handlers: list[HandlerView]
    kind: str = "wait_for"


@dataclass(frozen=True)
class ArmView:
    keyword: str  # "if", "elif" or "else"
    condition: str
    body: list[AnyView]


@dataclass(frozen=True)
class IfView:
    comment: list[str]
    arms: list[ArmView]
    kind: str = "if"


@dataclass(frozen=True)
class LineView:
    """A statement that is one line of Python: `set`, `log`, `return`, `fail`."""

    comment: list[str]
    code: str
    kind: str = "line"


AnyView = Union[StepView, WaitView, WaitUntilView, WaitForView, IfView, LineView]


@dataclass(frozen=True)
class ConstantView:
    name: str
    code: str
    comment: str | None = None


@dataclass(frozen=True)
class InputFieldView:
    key: str  # Python string literal
    label: str  # the field name, as a Python string literal for messages
    required: bool
    check: str  # a boolean expression over `value`, parenthesised when compound
    expected: str  # Python string literal: "must be a string"
    default: str | None


@dataclass
class ModuleView:
    """Everything `handler.py.j2` needs."""

    header: str
    docstring: str
    imports: list[list[str]]  # groups: standard library, then the SDK
    action_imports: list[str]
    errors: list[str]
    constants: list[ConstantView]
    inputs: list[InputFieldView]
    helpers: list[str]
    compensation: bool
    body: list[AnyView]
    undo_config: str
    always_ends: bool
    handler_doc: str
