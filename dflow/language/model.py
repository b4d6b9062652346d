"""The typed model of a flow: what the parser produces and every later stage reads.

Both the `.flow` parser and (later) the YAML loader build these objects, so the
checker and the renderer never see lark trees or YAML nodes. Every node keeps
the `Span` it came from, so any later stage can point at the source.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

# Each class builds its validator when first used, not at import: a compile uses
# only some of the 39 classes, and building them all cost a cold start 60 ms.
DEFERRED = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Node(BaseModel):
    """Base of every model object: immutable, with a source span."""

    model_config = DEFERRED

    span: Span


class Span(BaseModel):
    """A region of a source file; lines and columns count from 1, end is exclusive."""

    model_config = DEFERRED

    line: int
    column: int
    end_line: int
    end_column: int


# ---------------------------------------------------------------- expressions

JsonScalar = Union[str, int, float, bool, None]


class LiteralValue(Node):
    """A string without interpolation, a number, `true`, `false` or `null`."""

    kind: Literal["literal"] = "literal"
    value: JsonScalar


class Template(Node):
    """A string with `{expression}` parts; `parts` alternate text and expressions."""

    kind: Literal["template"] = "template"
    parts: list[Union[str, Expr]]


class Reference(Node):
    """A bare name: `input`, an operation's NAME, a `set` name or a loop variable."""

    kind: Literal["reference"] = "reference"
    name: str


class Attribute(Node):
    """`target.name`: a key of a map (`payment.status`)."""

    kind: Literal["attribute"] = "attribute"
    target: Expr
    name: str


class Index(Node):
    """`target[index]`: an item of a list or a key of a map."""

    kind: Literal["index"] = "index"
    target: Expr
    index: Expr


class ListExpr(Node):
    kind: Literal["list"] = "list"
    items: list[Expr]


class MapEntry(Node):
    key: str
    value: Expr


class MapExpr(Node):
    kind: Literal["map"] = "map"
    entries: list[MapEntry]


UnaryOp = Literal["-", "not"]
BinaryOp = Literal[
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"
]


class Unary(Node):
    kind: Literal["unary"] = "unary"
    op: UnaryOp
    operand: Expr


class Binary(Node):
    kind: Literal["binary"] = "binary"
    op: BinaryOp
    left: Expr
    right: Expr


class FunctionCall(Node):
    """One of the built-in functions: len, lower, upper, round, min, max, sum, default."""

    kind: Literal["function"] = "function"
    function: str
    function_span: Span
    args: list[Expr]


Expr = Annotated[
    Union[
        LiteralValue,
        Template,
        Reference,
        Attribute,
        Index,
        ListExpr,
        MapExpr,
        Unary,
        Binary,
        FunctionCall,
    ],
    Field(discriminator="kind"),
]

# ---------------------------------------------------------------- building blocks


class Duration(Node):
    """A duration as written (`15 minutes`) and its length in seconds."""

    amount: Union[int, float]
    unit: str
    seconds: float


class Argument(Node):
    name: str
    value: Expr


class Call(Node):
    """`fn(arg: EXPR, …)` or `ALIAS.fn(…)`: a call of an action."""

    alias: str | None
    function: str
    function_span: Span
    arguments: list[Argument]


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


class Name(Node):
    """A name the flow defines (an operation, a `set`, a loop variable, a branch)."""

    text: str


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
    """Fields every statement has: the comment lines directly above it."""

    description: str | None = None


class Step(Statement):
    kind: Literal["step"] = "step"
    name: Name
    explicit_name: bool
    call: Call
    retry: RetryPolicy | None = None
    at_most_once: bool = False
    undo: Call | None = None
    on_failure: list[Handler] = []


class Wait(Statement):
    """`wait [NAME] DURATION` or `wait [NAME] until EXPR` (exactly one of the two)."""

    kind: Literal["wait"] = "wait"
    name: Name | None = None
    duration: Duration | None = None
    until: Expr | None = None


class WaitFor(Statement):
    kind: Literal["wait_for"] = "wait_for"
    name: Name
    call: Call
    timeout: Duration | None = None
    heartbeat: Duration | None = None
    as_text: bool = False  # NAME holds the answer as the text sent, not parsed as JSON
    on_timeout: Handler | None = None
    on_failure: list[Handler] = []


class Invoke(Statement):
    kind: Literal["invoke"] = "invoke"
    name: Name
    function: str
    payload: Expr
    on_failure: list[Handler] = []


class Poll(Statement):
    kind: Literal["poll"] = "poll"
    name: Name
    call: Call
    every: Duration
    until: Expr
    max_checks: int | None = None
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
    name: Name
    max_concurrency: int | None = None
    tolerate: int = 0
    branches: list[Branch]
    on_failure: list[Handler] = []  # written after the branches


class ForEach(Statement):
    kind: Literal["for_each"] = "for_each"
    variable: Name
    items: Expr
    name: Name
    max_concurrency: int | None = None
    tolerate: int = 0
    body: Block
    on_failure: list[Handler] = []  # written after the body


class SetValue(Statement):
    kind: Literal["set"] = "set"
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
    error: Name
    message: Expr | None = None


AnyStatement = Annotated[
    Union[Step, Wait, WaitFor, Invoke, Poll, If, Parallel, ForEach, SetValue, Log, Return, Fail],
    Field(discriminator="kind"),
]


class Block(Node):
    """An indented list of statements."""

    statements: list[AnyStatement]


# ---------------------------------------------------------------- the flow


class InputType(Node):
    """`string`, `list of T`, `"a" | "b"`…; `optional` is the trailing `?`."""

    name: Literal["string", "integer", "number", "boolean", "map", "any", "list", "choice"]
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
