"""The shape of a flow's YAML form, as pydantic models: what `dflow schema` publishes.

This describes the document an analyst edits; the loader checks a YAML file
against it (for errors with line and column) and then builds the same
`model.Flow` the `.flow` parser builds. Expressions, calls and durations stay
strings written in the flow's own syntax.
"""

from __future__ import annotations

from typing import Annotated, Any, Union, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from dflow.language import model as m

Expression = Annotated[
    Union[str, int, float, bool],
    Field(description="An expression, as in a .flow file: `input.order_id`, `payment.status == \"approved\"`, `len(items) + 1`."),
]
Call = Annotated[
    str,
    Field(description="An action call: `function(argument: value, …)` or `alias.function(…)`, arguments by name."),
]
Duration = Annotated[
    str,
    Field(description="A whole number and a unit: `15 minutes`, `2 seconds`, `1 day` (s, min, h, d, w also work)."),
]
Text = Annotated[
    str,
    Field(description="Text; `{expression}` inserts a value, `{{` and `}}` are literal braces."),
]
Description = Annotated[
    Union[str, None],
    Field(description="What this is for, in plain words; shown in diagrams and docs."),
]
Block = Annotated[
    list["Statement"],
    Field(description="Statements run in order, each a mapping whose first key is its keyword."),
]

# A statement's key is its kind in the model.
STATEMENT_KEYS: tuple[m.StatementKind, ...] = get_args(m.StatementKind)


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class FailureBlock(Document):
    """One of several `on failure` blocks: the errors it handles, and its name for the failure."""

    errors: Union[list[str], None] = Field(None, description="The error names it handles: the exception class an action raised, or one it inherits from. Any failure when not given.")
    as_: Union[str, None] = Field(None, alias="as", description="The failure's name inside `steps`: `NAME.type` is its error name, `NAME.message` its message.")
    steps: Block


class TimeoutBlock(Document):
    """An `on timeout` block that names the timeout."""

    as_: Union[str, None] = Field(None, alias="as", description="The timeout's name inside `steps`; its `type` is `CallbackTimeout`.")
    steps: Block


Retries = Annotated[
    Union[str, list[str], None],
    Field(description="Try again when it fails: `3 times every 2 seconds backoff 2 max delay 1 minute jitter full on Timeout`; a list for several lines, the first whose `on` names the error applying."),
]
OnFailure = Annotated[
    Union[Block, list[FailureBlock], None],
    Field(description="What to do when it fails: statements, or a list of blocks each with `errors`, `as` and `steps`, the first that matches handling the failure."),
]



class Step(Document):
    """Run one action as a checkpointed step."""

    step: Call
    name: Union[str, None] = Field(None, description="Its name in the execution history and for its result afterwards; defaults to the function's name.")
    description: Description = None
    retry: Retries = None
    at_most_once: bool = Field(False, description="Never run an attempt a second time, even if the Lambda running it stopped midway.")
    undo: Union[Call, None] = Field(None, description="The action that undoes this step if the flow fails later.")
    on_failure: OnFailure = None


class WaitUntil(Document):
    until: Expression = Field(description="An ISO-8601 timestamp with a time zone, such as `input.deliver_at`.")


class WaitComputed(Document):
    amount: Expression = Field(description="How many units, known only at run time, such as `input.delay_minutes`.")
    unit: str = Field(description="seconds, minutes, hours, days or weeks.")


class Wait(Document):
    """Pause the flow; nothing runs meanwhile."""

    wait: Union[Duration, WaitUntil, WaitComputed] = Field(description="How long (`15 minutes`), `{until: …}` a moment, or `{amount: …, unit: minutes}` a number of units computed at run time.")
    name: Union[str, None] = Field(None, description="Its name in the execution history.")
    description: Description = None


class WaitFor(Document):
    """Hand a callback id to another system and wait for its answer."""

    wait_for: Call = Field(description="The action that starts the other system; it also receives `callback_id`.")
    name: str = Field(description="The answer is available under this name afterwards.")
    description: Description = None
    timeout: Union[Duration, None] = Field(None, description="How long to wait at most; the flow's timeout if not given.")
    heartbeat: Union[Duration, None] = Field(None, description="How long the other system may stay silent between heartbeats.")
    as_text: bool = Field(False, description="Keep the answer as the text the other system sent, not parsed as JSON.")
    retry: Retries = None
    on_timeout: Union[Block, TimeoutBlock, None] = Field(None, description="What to do when no answer comes in time: statements, or `{as, steps}`.")
    on_failure: OnFailure = None


class Invoke(Document):
    """Call another Lambda function and wait for its result."""

    invoke: str = Field(description="The function's name, `name:alias` or full ARN.")
    name: str = Field(description="The function's result is available under this name afterwards.")
    with_: Expression = Field(alias="with", description="The payload sent to the function.")
    retry: Retries = None
    description: Description = None
    on_failure: OnFailure = None


class Poll(Document):
    """Run an action repeatedly until a condition holds."""

    poll: Call
    name: str = Field(description="The latest result, usable in `until` and afterwards.")
    every: Duration = Field(description="How long to wait between checks.")
    until: Expression = Field(description="When to stop, e.g. `job.state == \"done\"`.")
    max: Union[int, None] = Field(None, description="Give up after this many checks (the flow fails with ConditionNotMet).")
    retry: Retries = None
    description: Description = None
    on_failure: OnFailure = None


class ElseIf(Document):
    condition: Expression
    then: Block


class If(Document):
    """Choose what to do."""

    if_: Expression = Field(alias="if", description="The condition.")
    then: Block
    else_if: Union[list[ElseIf], None] = Field(None, description="Further conditions, tried in order.")
    else_: Union[Block, None] = Field(None, alias="else", description="What to do when no condition holds.")
    description: Description = None


class Parallel(Document):
    """Run branches at the same time."""

    parallel: str = Field(description="Its name; afterwards `NAME.BRANCH` is each branch's result.")
    description: Description = None
    max_concurrency: Union[int, None] = Field(None, description="How many branches may run at once.")
    tolerate: int = Field(0, description="How many branches may fail without failing the parallel.")
    tolerate_percent: Union[int, None] = Field(None, description="Instead of a number: the share of branches, in percent, that may fail.")
    complete_after: Union[int, None] = Field(None, description="End as soon as this many branches succeeded; the others' results are null.")
    branches: dict[str, Block] = Field(description="Each branch by name, with its statements.")
    on_failure: OnFailure = None


class ForEach(Document):
    """Run the same statements for every item of a list, at the same time."""

    for_each: str = Field(description="The name of the current item inside `steps`.")
    in_: Expression = Field(alias="in", description="The list.")
    as_: str = Field(alias="as", description="The name of the list of every item's result, in order.")
    description: Description = None
    max_concurrency: Union[int, None] = Field(None, description="How many items may run at once.")
    tolerate: int = Field(0, description="How many items may fail without failing the loop.")
    tolerate_percent: Union[int, None] = Field(None, description="Instead of a number: the share of items, in percent, that may fail.")
    complete_after: Union[int, None] = Field(None, description="End as soon as this many items succeeded; the others' results are null.")
    position: Union[str, None] = Field(None, description="The name of the current item's position in the list, from 0, inside `steps`.")
    steps: Block
    on_failure: OnFailure = None


class RepeatCondition(Document):
    until: Union[Expression, None] = Field(None, description="Checked after each pass: the loop ends once it holds. The body runs at least once.")
    while_: Union[Expression, None] = Field(None, alias="while", description="Checked before each pass: the loop goes on while it holds.")


class Repeat(Document):
    """Run statements again and again until a condition holds; no operation of its own."""

    repeat: RepeatCondition = Field(description="`{until: EXPR}` or `{while: EXPR}`.")
    max: int = Field(description="The most passes; a loop still running after them fails with ConditionNotMet.")
    description: Description = None
    steps: Block
    on_failure: OnFailure = None


class Group(Document):
    """Statements on a child context of their own, recorded under one name, with `finally`."""

    group: str = Field(description="Its name in the execution history; afterwards it holds the group's last result.")
    description: Description = None
    steps: Block
    retry: Retries = None
    on_failure: OnFailure = None
    finally_: Union[Block, None] = Field(None, alias="finally", description="What runs once the group is over, whether it succeeded or failed; never when the execution only waits.")


class Set(Document):
    """Give a computed value a name."""

    set: str = Field(description="The name.")
    value: Expression
    description: Description = None


class LogExpression(Document):
    expression: Expression


class Log(Document):
    """Write a line to the function's log."""

    log: Union[Text, LogExpression]
    with_: Union[Expression, None] = Field(
        None, alias="with", description="Fields attached to the log record: a map, `{ order: input.order_id }`."
    )
    description: Description = None


class Return(Document):
    """End the flow successfully with a value."""

    return_: Union[Expression, None] = Field(alias="return", description="The value the flow returns; null when empty.")
    description: Description = None


class Fail(Document):
    """End the flow as failed."""

    fail: str = Field(description="The error type, such as `OrderRejected`.")
    message: Union[Text, None] = None
    description: Description = None


def statement_key(value: Any) -> m.StatementKind | None:
    """A statement's kind is the first of its keys that is a keyword."""
    if isinstance(value, dict):
        for key in value:
            for kind in STATEMENT_KEYS:
                if key == kind:
                    return kind
    return None


Statement = Annotated[
    Union[
        Annotated[Step, Tag("step")],
        Annotated[Wait, Tag("wait")],
        Annotated[WaitFor, Tag("wait_for")],
        Annotated[Invoke, Tag("invoke")],
        Annotated[Poll, Tag("poll")],
        Annotated[If, Tag("if")],
        Annotated[Parallel, Tag("parallel")],
        Annotated[ForEach, Tag("for_each")],
        Annotated[Repeat, Tag("repeat")],
        Annotated[Group, Tag("group")],
        Annotated[Set, Tag("set")],
        Annotated[Log, Tag("log")],
        Annotated[Return, Tag("return")],
        Annotated[Fail, Tag("fail")],
    ],
    Discriminator(statement_key),
]


class InputField(Document):
    type: str = Field(description="`string`, `integer`, `number`, `boolean`, `map`, `any`, `timestamp`, `list of T` or `\"a\" | \"b\"`; a trailing `?` makes it optional.")
    default: Union[Expression, None] = Field(None, description="The value when the field is absent.")
    description: Description = None


class Flow(Document):
    """A durable workflow, compiled by dflow into an AWS Lambda durable handler."""

    flow: str = Field(description="The flow's name: it names the handler module NAME_handler.py and the SAM resource.")
    description: Union[str, None] = Field(None, description="What the flow does; copied into the handler and the SAM Description.")
    comment: Union[str, None] = Field(None, description="Notes about the file (the comment above `flow` in a .flow file).")
    timeout: Union[Duration, None] = Field(None, description="How long one execution may run, 1 second to 366 days; 1 day if not given.")
    retention: Union[Duration, None] = Field(None, description="How long its history is kept, 1 to 90 days; 14 days if not given.")
    actions: list[str] = Field(default_factory=list, description="Python modules holding the actions: `my_project.actions`, or `my_project.billing as billing`. Calls without an alias use the first.")
    retry: Union[str, None] = Field(None, description="Every step's retry unless it sets its own, e.g. `2 times every 5 seconds`.")
    runtime: Union[str, None] = Field(None, description="The Lambda runtime; python3.14 if not given.")
    memory: Union[int, None] = Field(None, description="Lambda memory in MB, 128 to 10240.")
    invocation_timeout: Union[Duration, None] = Field(None, description="How long one Lambda invocation may run, at most 15 minutes.")
    input: Union[dict[str, Union[str, InputField]], None] = Field(None, description="The fields the execution's input must have: `name: type` or `name: {type, default, description}`.")
    steps: Block = Field(default_factory=list)


for _model in (WaitComputed, FailureBlock, TimeoutBlock, Step, Wait, WaitFor, Invoke, Poll, ElseIf, If, Parallel, ForEach, RepeatCondition, Repeat, Group, Set, Log, Return, Fail, Flow):
    _model.model_rebuild()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML form, for editors."""
    schema = Flow.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dflow flow (YAML form)"
    return schema
