"""The typed model of a flow: what the parser produces and every later stage reads.

Both the `.flow` parser and (later) the YAML loader build these objects, so the
checker and the renderer never see lark trees or YAML nodes. Every node keeps
the `Span` it came from, so any later stage can point at the source.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal, Union, cast, get_args

from pydantic import Field

from dflow.language.nodes import (  # re-exported: the model is one namespace
    DEFERRED as DEFERRED,
    Model as Model,
    build_validators as build_validators,
    Node as Node,
    Span as Span,
    JsonScalar as JsonScalar,
    LiteralValue as LiteralValue,
    Template as Template,
    Reference as Reference,
    Attribute as Attribute,
    Index as Index,
    ListExpr as ListExpr,
    MapEntry as MapEntry,
    MapExpr as MapExpr,
    UnaryOp as UnaryOp,
    BinaryOp as BinaryOp,
    binary_op as binary_op,
    Unary as Unary,
    Binary as Binary,
    FunctionCall as FunctionCall,
    Conditional as Conditional,
    Comprehension as Comprehension,
    DurationValue as DurationValue,
    Expr as Expr,
    Duration as Duration,
    Name as Name,
)

# ---------------------------------------------------------------- building blocks


class Argument(Node):
    name: str
    value: Expr


# Built-in steps (10.6) and how many values each takes, written in order: `random(1, 6)`.
BUILTIN_STEPS = {"now": 0, "new_id": 0, "random": 2}


class Call(Node):
    """`fn(arg: EXPR, …)` or `ALIAS.fn(…)`: a call of an action, or of a built-in step."""

    alias: str | None
    function: str
    function_span: Span
    arguments: list[Argument]
    positional: list[Expr] = []  # values without names: only built-in steps take them

    @property
    def builtin(self) -> bool:
        """`now()`, `new_id()`, `random(low, high)`: a built-in step, not an action."""
        return self.alias is None and self.function in BUILTIN_STEPS


class RetryPolicy(Node):
    """`retry N times …`; unset parts take the documented defaults."""

    retries: int
    every: Duration | None = None
    backoff: float | None = None
    max_delay: Duration | None = None
    jitter: Literal["none", "full", "half"] | None = None
    on: list[str] = []

    @property
    def first_delay_seconds(self) -> int:
        """`every`, or the language's default of 1 second."""
        return int(self.every.seconds) if self.every else 1

    @property
    def backoff_rate(self) -> float:
        """`backoff`, or the language's default of 2."""
        return self.backoff if self.backoff is not None else 2

    def delays(self) -> Iterator[float]:
        """The wait before each retry, as the SDK computes it without jitter: `every`, times `backoff`
        after each, capped by `max delay`. A generator: `retry 1000 times` is read only as far as needed."""
        delay = float(self.first_delay_seconds)
        cap = self.max_delay.seconds if self.max_delay is not None else math.inf
        for _ in range(self.retries):
            yield min(delay, cap)
            delay *= self.backoff_rate


class Handler(Node):
    """`on failure [ERROR, …] [as NAME]` or `on timeout [as NAME]`: what runs when an operation fails.

    `errors` empty handles any failure; `alias` names the failure, a map with
    `type` and `message`, inside `body`.
    """

    errors: list[Name] = []
    alias: Name | None = None
    body: Block


# ---------------------------------------------------------------- statements


class Statement(Node):
    """Fields every statement has: the comment lines directly above it.

    And the facts about each kind, declared once on its class: whether its
    NAME holds a result afterwards (`produces_result`), and whether the
    statement itself can fail (`can_fail`: an operation, `fail`, a loop out of
    passes), and what undoes it if the flow fails after it completed
    (`undo_call`). The checks, the compiler and the tools read these, never a
    list of classes.
    """

    produces_result: ClassVar[bool] = False
    can_fail: ClassVar[bool] = False

    description: str | None = None

    @property
    def undo_call(self) -> Call | None:
        """The call that undoes it, recorded when it completes: None, but for a step with `undo`."""
        return None


class Step(Statement):
    kind: Literal["step"] = "step"
    produces_result = True
    can_fail = True
    name: Name
    explicit_name: bool
    call: Call
    retry: list[RetryPolicy] = []  # one policy per `retry` line, tried in order
    at_most_once: bool = False
    undo: Call | None = None
    on_failure: list[Handler] = []

    @property
    def undo_call(self) -> Call | None:
        return self.undo


class Wait(Statement):
    """`wait [NAME] DURATION`, `wait [NAME] until EXPR` or `wait [NAME] EXPR UNIT` (one of the three)."""

    kind: Literal["wait"] = "wait"
    name: Name | None = None
    duration: Duration | None = None
    until: Expr | None = None
    amount: Expr | None = None  # `wait input.delay_minutes minutes`: how many `unit`s, known at run time
    unit: Name | None = None


class WaitFor(Statement):
    kind: Literal["wait_for"] = "wait_for"
    produces_result = True
    can_fail = True
    name: Name
    call: Call
    timeout: Duration | None = None
    heartbeat: Duration | None = None
    as_text: bool = False  # NAME holds the answer as the text sent, not parsed as JSON
    retry: list[RetryPolicy] = []  # for the submitter
    on_timeout: Handler | None = None
    on_failure: list[Handler] = []


class Invoke(Statement):
    kind: Literal["invoke"] = "invoke"
    produces_result = True
    can_fail = True
    name: Name
    function: str
    payload: Expr
    retry: list[RetryPolicy] = []
    on_failure: list[Handler] = []


class Poll(Statement):
    kind: Literal["poll"] = "poll"
    produces_result = True
    can_fail = True
    name: Name
    call: Call
    every: Duration
    until: Expr
    max_checks: int | None = None
    retry: list[RetryPolicy] = []  # a failing check: the poll starts again
    on_failure: list[Handler] = []


class Condition(Node):
    """One `if` or `else if` arm."""

    condition: Expr
    body: Block


class If(Statement):
    kind: Literal["if"] = "if"
    arms: list[Condition]
    otherwise: Block | None = None


class Branch(Node):
    name: Name
    body: Block


class Parallel(Statement):
    kind: Literal["parallel"] = "parallel"
    produces_result = True
    can_fail = True
    name: Name
    max_concurrency: int | None = None
    tolerate: int = 0
    tolerate_percent: int | None = None  # `tolerate N% failures`, instead of a count
    complete_after: int | None = None  # `complete after N successes`
    branches: list[Branch]
    on_failure: list[Handler] = []  # written after the branches


class ForEach(Statement):
    kind: Literal["for_each"] = "for_each"
    produces_result = True
    can_fail = True
    variable: Name
    position: Name | None = None  # `for each ITEM, POSITION in …`: the item's place, from 0
    items: Expr
    name: Name
    max_concurrency: int | None = None
    tolerate: int = 0
    tolerate_percent: int | None = None
    complete_after: int | None = None
    body: Block
    on_failure: list[Handler] = []  # written after the body


class Repeat(Statement):
    """`repeat until|while CONDITION`, `max N times` first: a loop, no operation of its own.

    `max_passes` is None only when the flow left it out, which the checker reports.
    """

    kind: Literal["repeat"] = "repeat"
    can_fail = True
    mode: Literal["until", "while"]
    condition: Expr
    max_passes: int | None = None
    body: Block
    on_failure: list[Handler] = []  # written after the body


class Group(Statement):
    """`group NAME`: statements on a child context of their own, with `on failure` and `finally` after them."""

    kind: Literal["group"] = "group"
    produces_result = True
    name: Name
    body: Block
    retry: list[RetryPolicy] = []  # the whole group runs again
    on_failure: list[Handler] = []
    finally_: Block | None = None  # `finally`: runs once the group is over, never on a mere suspension


class SetValue(Statement):
    kind: Literal["set"] = "set"
    produces_result = True
    name: Name
    value: Expr


class Log(Statement):
    kind: Literal["log"] = "log"
    message: Expr
    fields: Expr | None = None  # `with { key: EXPR, … }`: attached to the log record


class Return(Statement):
    kind: Literal["return"] = "return"
    value: Expr | None = None


class Fail(Statement):
    kind: Literal["fail"] = "fail"
    can_fail = True
    error: Name
    message: Expr | None = None


AnyStatement = Annotated[
    Union[Step, Wait, WaitFor, Invoke, Poll, If, Parallel, ForEach, Repeat, Group, SetValue, Log, Return, Fail],
    Field(discriminator="kind"),
]

# Every kind's `kind`, which is also its key in the YAML form. `kind_of` holds the two
# together: a class added to `AnyStatement` makes mypy ask for its kind here, and
# then the YAML form's reader, which matches on these, asks for a way to read it.
StatementKind = Literal[
    "step", "wait", "wait_for", "invoke", "poll", "if", "parallel", "for_each", "repeat", "group", "set", "log",
    "return", "fail",
]


def kind_of(statement: AnyStatement) -> StatementKind:
    return statement.kind


class Block(Node):
    """An indented list of statements."""

    statements: list[AnyStatement]


# ---------------------------------------------------------------- the flow


InputTypeName = Literal["string", "integer", "number", "boolean", "map", "any", "timestamp", "list", "choice"]


def input_type_name(text: str) -> InputTypeName:
    """A type's name as the model holds it; the grammar writes no other."""
    if text not in get_args(InputTypeName):
        raise ValueError(f"not a type of the language: {text!r}")
    return cast(InputTypeName, text)


class InputType(Node):
    """`string`, `list of T`, `"a" | "b"`…; `optional` is the trailing `?`."""

    name: InputTypeName
    item: InputType | None = None
    choices: list[JsonScalar] = []
    optional: bool = False


class InputField(Node):
    name: Name
    type: InputType
    default: Expr | None = None
    description: str | None = None


class ActionsModule(Node):
    """`actions MODULE [as ALIAS]`."""

    module: str
    alias: str | None = None


class Setting(Node):
    """Where a header setting was written, for diagnostics about it."""

    keyword: str


DEFAULT_TIMEOUT_SECONDS = 86400  # `timeout 1 day`, the language's default
DEFAULT_RETENTION_DAYS = 14
# A `for each` without `max concurrency` runs this many items at once: the SDK
# would otherwise start one thread per item (500 threads for 500 items).
DEFAULT_FOR_EACH_CONCURRENCY = 10


class Flow(Node):
    """A whole flow file."""

    name: Name
    description: str | None = None
    comment: str | None = None
    timeout: Duration | None = None
    retention: Duration | None = None
    actions: list[ActionsModule] = []
    retry: RetryPolicy | None = None
    runtime: str | None = None
    memory_mb: int | None = None
    invocation_timeout: Duration | None = None
    inputs: list[InputField] | None = None
    settings: list[Setting] = []
    body: Block

    @property
    def timeout_seconds(self) -> int:
        """How long one execution may run: the `timeout` setting, or the default day."""
        return int(self.timeout.seconds) if self.timeout else DEFAULT_TIMEOUT_SECONDS

    @property
    def retention_days(self) -> int:
        """How long the history is kept: the `retention` setting, or the default."""
        return int(self.retention.seconds // 86400) if self.retention else DEFAULT_RETENTION_DAYS
