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
    context: str
    target: str | None
    function: str  # `lambda _: actions.f(a=…)`
    name: str  # a Python string literal
    config: str
    undo: UndoView | None
    handlers: list[HandlerView]
    kind: str = "step"


@dataclass(frozen=True)
class UndoView:
    """An undo call recorded as data, so it survives checkpoints and replays."""

    name: str  # Python string literal `"undo_reservation"`
    action: str  # key in UNDO_ACTIONS, as a Python string literal
    arguments: str  # the evaluated keyword arguments: `{"slot": flow_input["slot"]}`


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
    context: str
    duration: str
    name: str
    kind: str = "wait"


@dataclass(frozen=True)
class WaitUntilView:
    comment: list[str]
    context: str
    timestamp: str
    clock_name: str
    clock_config: str
    name: str
    kind: str = "wait_until"


@dataclass(frozen=True)
class WaitForView:
    comment: list[str]
    context: str
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


@dataclass(frozen=True)
class InvokeView:
    comment: list[str]
    context: str
    target: str | None
    function: str  # Python string literal of the function name or ARN
    payload: str
    name: str
    handlers: list[HandlerView]
    kind: str = "invoke"


@dataclass(frozen=True)
class PollView:
    comment: list[str]
    context: str
    target: str  # the variable of NAME; also the strategy's parameter
    check: str  # `lambda state, _: actions.f(…)`
    strategy: str  # the nested wait-strategy function's name
    condition: str  # parenthesised as needed to sit before `or`
    negated: str  # parenthesised as needed to sit after `not`
    delay: str
    max_checks: int | None
    name: str
    give_up: str  # the `ConditionNotMet(…)` raised after max_checks
    handlers: list[HandlerView]
    kind: str = "poll"


@dataclass(frozen=True)
class FunctionView:
    """A nested function for a parallel branch or a for-each body."""

    name: str
    parameters: str
    body: list[AnyView]
    result: str | None  # what it returns; None when every path ends in `fail`
    records_undo: bool  # returns {"result", "undo"}; undoes its own steps if it fails


@dataclass(frozen=True)
class BatchView:
    """`parallel` (branches) or `for each` (one function over items)."""

    comment: list[str]
    context: str
    target: str | None
    functions: list[FunctionView]
    call: str  # `context.parallel([...], name=…, config=…)` or `context.map(…)`
    results: str  # `branch_results(batch, …)` / `item_results(batch, …)`, over `batch_var`
    batch_var: str
    kind: str = "batch"


AnyView = Union[
    StepView, WaitView, WaitUntilView, WaitForView, IfView, LineView, InvokeView, PollView, BatchView
]


@dataclass(frozen=True)
class ConstantView:
    name: str
    code: str
    comment: str | None = None
    annotation: str | None = None  # for generic SDK classes mypy cannot infer


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
    undo_actions: list[tuple[str, str]]  # (key literal, action reference) for UNDO_ACTIONS
    always_ends: bool
    handler_doc: str
