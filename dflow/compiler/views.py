"""What the templates receive: plain records whose fields are finished Python fragments.

Named tuples rather than dataclasses: defining 17 dataclasses was 8 ms of every
cold compile, the tuples take 1.5.

The lowering stage computes every name, expression and import; templates only
lay these out, so a template reads like the code it produces.
"""

from __future__ import annotations

from typing import NamedTuple, Union


class ArgumentsView(NamedTuple):
    """A call's arguments that can fail, evaluated before its step inside `expressions_at`."""

    where: str  # Python string literal: `"line 12: charge_card(card: order.card)"`
    variable: str
    values: str  # the dict of keyword arguments


class StepView(NamedTuple):
    comment: list[str]
    context: str
    target: str | None
    arguments: ArgumentsView | None
    function: str  # `lambda _: actions.f(a=…)`
    name: str  # a Python string literal
    config: str
    undo: UndoView | None
    handlers: list[CatchView]
    kind: str = "step"


class UndoView(NamedTuple):
    """An undo call recorded as data, so it survives checkpoints and replays."""

    name: str  # Python string literal `"undo_reservation"`
    action: str  # key in UNDO_ACTIONS, as a Python string literal
    arguments: str  # the evaluated keyword arguments: `{"slot": flow_input["slot"]}`


class HandlerView(NamedTuple):
    """One `on failure` / `on timeout` block: when it applies, what runs, what NAME holds after."""

    condition: str | None  # `failure_is(error, "CardDeclined")`; None: any failure
    failure: str | None  # `problem = failure_of(error)`, when the block reads the failure
    body: list[AnyView]
    falls_through: bool
    target: str | None


class CatchView(NamedTuple):
    """An `except` clause around an operation, with its blocks tried in order."""

    exceptions: str
    error: str | None  # the variable `as` binds, when a block needs the error
    signals_first: bool  # `except Exception` lets the SDK's own signals through first
    handlers: list[HandlerView]
    reraise: bool  # no block handles every failure: the others are raised again
    prelude: tuple[str, ...] = ()  # lines before the blocks: the values a failed group set
    handled_first: str | None = None  # a line each block starts with: a failed group's undo calls
    unhandled: tuple[str, ...] = ()  # lines before an unhandled failure is raised again
    raises: str | None = None  # what is raised then, when not the failure as it came


class WaitView(NamedTuple):
    comment: list[str]
    context: str
    duration: str
    name: str
    kind: str = "wait"


class WaitUntilView(NamedTuple):
    comment: list[str]
    context: str
    timestamp: str
    clock_name: str
    clock_config: str
    name: str
    kind: str = "wait_until"


class WaitForView(NamedTuple):
    comment: list[str]
    context: str
    target: str | None
    arguments: ArgumentsView | None  # the submitter's arguments that can fail, evaluated first
    submitter: str  # the name of the nested submitter function
    submit_call: str  # the action call it makes, with `callback_id=callback_id`
    name: str
    config: str
    handlers: list[CatchView]
    as_text: bool  # the answer as the text sent, not parsed as JSON
    kind: str = "wait_for"


class GuardView(NamedTuple):
    """A statement whose expressions can fail at run time: `with expressions_at(…):` around it."""

    comment: list[str]
    where: str  # Python string literal: `"line 12: payment.status"`
    inner: AnyView
    kind: str = "guard"


class ArmView(NamedTuple):
    keyword: str  # "if", "elif" or "else"
    condition: str
    body: list[AnyView]


class IfView(NamedTuple):
    comment: list[str]
    arms: list[ArmView]
    kind: str = "if"


class LineView(NamedTuple):
    """A statement that is one line of Python: `set`, `log`, `return`, `fail`."""

    comment: list[str]
    code: str
    kind: str = "line"


class InvokeView(NamedTuple):
    comment: list[str]
    context: str
    target: str | None
    function: str  # Python string literal of the function name or ARN
    payload: str
    name: str
    handlers: list[CatchView]
    retry: str | None  # the `WithRetryConfig` constant when the invoke has `retry` lines
    kind: str = "invoke"


class PollView(NamedTuple):
    comment: list[str]
    context: str
    target: str  # the variable of NAME; also the strategy's parameter
    check_call: str  # `call_action(actions.f, …)`, over the previous result
    check_function: str | None  # a nested function that calls it, when the arguments can fail
    check: str  # what the poll runs: `check_function`, or a lambda over `check_call`
    previous: str  # the check's parameter: the previous result
    arguments: ArgumentsView | None  # arguments that can fail, evaluated in the check
    until_where: str | None  # `expressions_at`'s text, when the condition can fail
    strategy: str  # the nested wait-strategy function's name
    condition: str  # parenthesised as needed to sit before `or`
    negated: str  # parenthesised as needed to sit after `not`
    delay: str
    max_checks: int | None
    name: str
    give_up: str  # the `ConditionNotMet(…)` raised after max_checks
    handlers: list[CatchView]
    retry: str | None  # the `WithRetryConfig` constant: a failing check starts the poll again
    kind: str = "poll"


class RepeatView(NamedTuple):
    """`repeat until|while`: a Python `for` over the passes, `else` when they ran out."""

    comment: list[str]
    mode: str  # "until" or "while"
    passes: int
    stop: str  # leaves the loop: the condition for `until`, its negation for `while`
    keep_going: str  # `while` only: the condition still holds after the last pass
    body: list[AnyView]
    give_up: str  # the `ConditionNotMet(…)` raised when the passes run out
    handlers: list[CatchView]
    kind: str = "repeat"


class GroupView(NamedTuple):
    """`group NAME`: a nested function run on a child context, with `on failure` and `finally`."""

    comment: list[str]
    function: FunctionView
    call: str  # `context.run_in_child_context(billing_statements, name="billing")`
    outcome: str  # the variable the call's value goes into
    target: str | None
    ended: str | None  # when the group can end the flow: `return …` once it did
    records_undo: bool
    handlers: list[CatchView]
    finally_body: list[AnyView]
    preset: bool  # `finally` reads NAME: null until the group succeeds, also if it fails unhandled
    sets: tuple[tuple[str, str], ...] = ()  # (variable, key literal): names set before the group that it sets
    kind: str = "group"


class FunctionView(NamedTuple):
    """A nested function for a parallel branch or a for-each body."""

    name: str
    parameters: str
    body: list[AnyView]
    result: str | None  # what it returns; None when every path ends in `fail`
    records_undo: bool  # returns {"result", "undo"}; undoes its own steps if it fails
    wraps_result: bool = False  # a group that can end the flow: returns {"result": …}, or {"returned": …}
    keeps_error_types: bool = False  # an `on failure` around it reads the type of a step failing inside
    carries_undo: bool = False  # a group's: if it fails, its undo calls leave with the failure
    values: str | None = None  # a group's: `{"total": total}`, names set before it that it sets
    nonlocals: tuple[str, ...] = ()  # those names' variables, declared `nonlocal`


class BatchView(NamedTuple):
    """`parallel` (branches) or `for each` (one function over items)."""

    comment: list[str]
    context: str
    target: str | None
    prelude: list[str]  # lines before the call: the items of a `complete after` loop
    functions: list[FunctionView]
    call: str  # `context.parallel([...], name=…, config=…)` or `context.map(…)`
    results: str  # `branch_results(batch, …)` / `item_results(batch, …)`, over `batch_var`
    batch_var: str
    handlers: list[CatchView]  # around `results`, which raises the batch's failure
    kind: str = "batch"


AnyView = Union[
    StepView,
    WaitView,
    WaitUntilView,
    WaitForView,
    IfView,
    LineView,
    InvokeView,
    PollView,
    BatchView,
    RepeatView,
    GroupView,
    GuardView,
]


class ConstantView(NamedTuple):
    name: str
    code: str
    comment: str | None = None
    annotation: str | None = None  # for generic SDK classes mypy cannot infer


class InputFieldView(NamedTuple):
    key: str  # Python string literal
    label: str  # the field name, as a Python string literal for messages
    required: bool
    check: str  # a boolean expression over `value`, parenthesised when compound
    expected: str  # Python string literal: "must be a string"
    default: str | None


class ModuleView(NamedTuple):
    """Everything `handler.py.j2` needs."""

    header: str
    docstring: str
    imports: list[list[str]]  # groups: standard library, then the SDK
    action_imports: list[str]
    errors: list[str]
    constants: list[ConstantView]
    inputs: list[InputFieldView]
    checks_input: bool  # False without an `input` block: the event is taken as it comes
    helpers: list[str]
    compensation: bool
    body: list[AnyView]
    undo_config: str
    undo_actions: list[tuple[str, str]]  # (key literal, action reference) for UNDO_ACTIONS
    always_ends: bool
    handler_doc: str
    execution: list[str]  # a comment and `flow_execution = {…}` when the flow reads `execution`
