"""The execution's history, read as it grows and turned into the events of a timeline.

The runner's history holds every operation's start and end (and each retry);
`Timeline` pages through it, shows each event once, in the flow's words, with
the flow's `log` lines in their places, and tracks the callbacks still waiting.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CALLBACK_SUFFIX = " create callback id"
HISTORY_PAGE = 1000


def history_events(runner: Any, arn: str, after: int = 0, with_data: bool = False) -> list[Any]:
    """Every event of the execution's history after the first `after`, across all pages.

    `with_data` includes the operations' results and errors (the timeline shows them).

    The runner's history comes in pages of 100 events, numbered from 1; the
    public `get_execution_history` returns only the first page, so a flow
    with more than 100 events (a nested `for each`) never showed its end.
    """
    executor = runner._executor  # noqa: SLF001 - the paged call is not on the runner
    events: list[Any] = []
    marker: str | None = str(after + 1)
    while marker is not None:
        page = executor.get_execution_history(arn, include_execution_data=with_data, marker=marker, max_items=HISTORY_PAGE)
        events.extend(page.events)
        marker = page.next_marker
    return events


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    seconds: float
    name: str
    kind: str  # step, wait, callback, context, invoke, execution
    status: str  # started, succeeded, failed, retrying, timed out…
    detail: str
    top_level: bool
    depth: int = 0  # the groups, branches and items around it: 0 at the flow's own level


class Timeline:
    """Turns the execution's history into events, each once, as it grows."""

    KINDS = {"Step": "step", "Wait": "wait", "Callback": "callback", "Context": "context",
             "ChainedInvoke": "invoke", "Execution": "execution", "Invocation": "invocation"}

    def __init__(
        self, runner: Any, arn: str, on_event: Callable[[Event], None] | None, logs: list[tuple[int, str]],
        tolerances: dict[str, Tolerance] | None = None,
    ) -> None:
        self.tolerances = tolerances or {}
        self.runner = runner
        self.arn = arn
        self.on_event = on_event
        self.logs = logs
        self.logs_shown = 0
        self.seen = 0
        self.events: list[Event] = []
        self.started_at: Any = None
        self.callbacks: dict[str, str] = {}  # operation id -> flow name of pending callbacks
        self.callback_ids: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}  # operation id -> its parent's
        self.names: dict[str, str] = {}  # operation id -> name in the history
        self.sub_types: dict[str, str] = {}  # operation id -> the SDK's sub-type
        self.submitted: set[str] = set()  # `wait for` contexts whose submitter succeeded
        self.finished = False

    def update(self) -> None:
        for raw in history_events(self.runner, self.arn, after=self.seen, with_data=True):
            self._show_logs()
            self.seen += 1
            event = self._event(raw)
            if event is not None:
                self.events.append(event)
                if self.on_event:
                    self.on_event(event)
        self._show_logs()

    def _show_logs(self) -> None:
        """The log lines written before the next history event."""
        while self.logs_shown < len(self.logs) and self.logs[self.logs_shown][0] <= self.seen:
            _, line = self.logs[self.logs_shown]
            self.logs_shown += 1
            seconds = self.events[-1].seconds if self.events else 0.0
            log = Event(seconds, "", "log", "", line, True)
            self.events.append(log)
            if self.on_event:
                self.on_event(log)

    def pending_callbacks(self) -> list[tuple[str, list[str], str]]:
        """(flow name, names of the scopes around it, callback id) of callbacks still unanswered."""
        return [
            (name, self._scopes(op), self.callback_ids[op])
            for op, name in self.callbacks.items()
            if op in self.callback_ids and self.parents.get(op) in self.submitted
        ]

    def _scopes(self, operation_id: str) -> list[str]:
        """The names of the parallels, branches and loops around an operation, outermost first."""
        names: list[str] = []
        parent = self.parents.get(operation_id)
        while parent is not None:
            names.append(self.names.get(parent, ""))
            parent = self.parents.get(parent)
        # The innermost scope is the callback's own `wait for` context, named as it is.
        return [name for name in reversed(names[1:]) if name]

    def _event(self, raw: Any) -> Event | None:
        kind_name, _, status_name = _split_event_type(raw.event_type)
        if self.started_at is None:
            self.started_at = raw.event_timestamp
        seconds = (raw.event_timestamp - self.started_at).total_seconds()
        name = raw.name or ""
        operation_id = getattr(raw, "operation_id", None)
        if operation_id is not None:
            self.parents.setdefault(operation_id, getattr(raw, "parent_id", None))
            self.names.setdefault(operation_id, name)
            self.sub_types.setdefault(operation_id, getattr(raw, "sub_type", None) or "")
        if kind_name == "Callback":
            self._track_callback(raw, name, status_name)
            name = name.removesuffix(CALLBACK_SUFFIX)
        if kind_name == "Execution" and status_name in ("Succeeded", "Failed", "TimedOut", "Stopped"):
            self.finished = True
        if name.endswith(" submitter") and status_name == "Succeeded":
            # The other system has the callback id only now: a failed submitter leaves nobody to answer.
            self.submitted.add(getattr(raw, "parent_id", None) or "")
        if kind_name in ("Invocation", "Execution") or name.endswith(" submitter"):
            return None
        if kind_name == "Context" and getattr(raw, "sub_type", None) == "WaitForCallback":
            return None  # shown through its callback
        parent = getattr(raw, "parent_id", None)
        # A callback sits inside its own `wait for` context: it is top-level when that context is.
        top_level = parent is None or (kind_name == "Callback" and self.parents.get(parent) is None)
        kind = SUB_KINDS.get(getattr(raw, "sub_type", None) or "", self.KINDS.get(kind_name, kind_name.lower()))
        status, detail = _status_words(status_name), _detail(raw)
        again = _next_check_seconds(raw) if kind == "poll" else None
        if again is not None:
            status, detail = "checked", f"not yet; checks again in {_duration_words(again)}"
        if kind in ("parallel", "for each") and status == "succeeded":
            status, detail = self._batch_outcome(raw, name, kind, detail)
        if name.endswith(" clock") and status == "succeeded" and detail.isdigit():
            # `wait until`'s clock step gives the seconds to wait, said in words.
            detail = f"waits {_duration_words(int(detail))}"
        return Event(seconds, name, kind, status, detail, top_level, self._depth(operation_id, kind_name))

    def _depth(self, operation_id: str | None, kind_name: str) -> int:
        """The groups, branches and items around an operation (a callback's own context apart)."""
        depth = 0
        parent = self.parents.get(operation_id) if operation_id is not None else None
        if kind_name == "Callback" and parent is not None:
            parent = self.parents.get(parent)  # its own `wait for` context
        while parent is not None:
            if self.sub_types.get(parent) in ("RunInChildContext", "Parallel", "ParallelBranch", "Map", "MapIteration"):
                depth += 1
            parent = self.parents.get(parent)
        return depth

    def _batch_outcome(self, raw: Any, name: str, kind: str, detail: str) -> tuple[str, str]:
        """A batch the SDK completed is still the flow's failure when more items failed than it tolerates."""
        failed, total = _failed_items(raw)
        if not failed:
            return "succeeded", detail
        what = "branches" if kind == "parallel" else "items"
        tolerance = self.tolerances.get(name)
        counted = f"{failed} of {total} {what} failed"
        if tolerance is not None and not tolerance.allows(failed, total):
            return "failed", counted
        return "succeeded", f"{counted} (tolerated)"

    def _track_callback(self, raw: Any, name: str, status: str) -> None:
        flow_name = name.removesuffix(CALLBACK_SUFFIX)
        if status == "Started":
            self.callbacks[raw.operation_id] = flow_name
            details = getattr(raw, "callback_started_details", None)
            callback_id = getattr(details, "callback_id", None)
            if callback_id:
                self.callback_ids[raw.operation_id] = callback_id
        else:
            self.callbacks.pop(raw.operation_id, None)


def read_history(raw_events: list[Any]) -> list[Event]:
    """A history read all at once (a deployed execution's, through boto3) as the timeline's events."""
    timeline = Timeline(None, "", None, [])
    return [event for event in map(timeline._event, raw_events) if event is not None]  # noqa: SLF001


# What an operation is, in the flow's words, from the SDK's sub-type in the history.
SUB_KINDS = {"WaitForCondition": "poll", "Parallel": "parallel", "Map": "for each", "RunInChildContext": "group",
             "ParallelBranch": "branch", "MapIteration": "item"}


@dataclass(frozen=True)
class Tolerance:
    """A batch's `tolerate N failures` or `tolerate N% failures`."""

    count: int = 0
    percent: int | None = None

    def allows(self, failed: int, total: int) -> bool:
        if self.percent is not None:
            return total == 0 or failed * 100 <= self.percent * total
        return failed <= self.count


def batch_tolerances(flow: Any) -> dict[str, Tolerance]:
    """Each `parallel` and `for each` of a flow, by NAME, with what it tolerates."""
    from dflow.language import model as m
    from dflow.language.walk import all_statements

    return {
        statement.name.text: Tolerance(statement.tolerate, statement.tolerate_percent)
        for statement in all_statements(flow.body)
        if isinstance(statement, (m.Parallel, m.ForEach))
    }


def _failed_items(raw: Any) -> tuple[int, int]:
    """(failed, all) items of a batch's result in the history."""
    details = getattr(raw, "context_succeeded_details", None)
    result = getattr(details, "result", None)
    payload = getattr(result, "payload", None)
    if not payload:
        return 0, 0
    try:
        value = _deserialized(payload)
    except Exception:  # noqa: BLE001 - a summary is best effort
        return 0, 0
    items = getattr(value, "all", None) or []
    failed = sum(1 for item in items if _status_name(getattr(item, "status", "")) == "FAILED")
    return failed, len(items)


def _status_name(status: Any) -> str:
    """A batch item's status, an enum member or its plain value."""
    return str(getattr(status, "value", status))


def _deserialized(payload: str) -> Any:
    """A result the SDK checkpointed, as the value it was (raises when it cannot be read)."""
    from aws_durable_execution_sdk_python.serdes import ExtendedTypeSerDes, SerDesContext

    return ExtendedTypeSerDes().deserialize(payload, SerDesContext("", ""))  # type: ignore[no-untyped-call]


def _next_check_seconds(raw: Any) -> int | None:
    """A poll's check that did not meet the condition records when the next one runs."""
    details = getattr(raw, "step_succeeded_details", None)
    retry = getattr(details, "retry_details", None)
    delay = getattr(retry, "next_attempt_delay_seconds", None)
    return int(delay) if delay is not None else None


def _duration_words(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def elapsed(seconds: float) -> str:
    """Time since the execution started: `+0.03s`, `+05:00`, `+1d 03:00:00`."""
    if seconds < 60:
        return f"+{seconds:.2f}s"
    whole = int(seconds)
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours or days else f"{minutes:02d}:{secs:02d}"
    return f"+{days}d {clock}" if days else f"+{clock}"


def _split_event_type(event_type: str) -> tuple[str, str, str]:
    for kind in ("ChainedInvoke", "Callback", "Context", "Execution", "Invocation", "Step", "Wait"):
        if event_type.startswith(kind):
            return kind, "", event_type[len(kind):]
    return event_type, "", ""


def _status_words(status: str) -> str:
    return {"Started": "started", "Succeeded": "succeeded", "Failed": "failed", "TimedOut": "timed out",
            "Cancelled": "cancelled", "Stopped": "stopped", "Completed": "completed"}.get(status, status.lower())


def _detail(raw: Any) -> str:
    """A short summary of an event's result or error."""
    for attribute in vars(raw):
        details = getattr(raw, attribute)
        if not attribute.endswith("_details") or details is None:
            continue
        error = getattr(details, "error", None)
        if error is not None:
            payload = getattr(error, "payload", error)
            error_type = getattr(payload, "error_type", "") or getattr(payload, "type", "") or ""
            message = getattr(payload, "error_message", "") or getattr(payload, "message", "") or ""
            data = getattr(payload, "error_data", None) or getattr(payload, "data", None)
            return f"{flow_error_name(error_type, data)}: {message}".strip(": ")
        result = getattr(details, "result", None)
        if result is not None and getattr(result, "payload", None):
            return _summary(result.payload, record=str(raw.event_type).startswith("Context"))
    return ""


# The SDK's names for a callback's failures, in the flow's words (as `on failure` names them).
CALLBACK_FAILURES = {"CallbackTimeoutError": "CallbackTimeout", "CallbackExternalError": "CallbackFailed",
                     "CallbackSubmitterError": "SubmitterFailed", "Callback.Timeout": "CallbackTimeout",
                     "Callback.Heartbeat": "CallbackTimeout"}


def flow_error_name(error_type: str, data: Any = None) -> str:
    """An error's type as the flow names it: `CardDeclined`, not `billing.errors.CardDeclined`.

    A failure that left a group or a branch carries the action's own error type
    in its data (dflow keeps it there); that is the name the flow's `on
    failure` would use, so it is the one shown.
    """
    kept = None
    if isinstance(data, str) and data.startswith("{"):
        try:
            record = json.loads(data)
        except ValueError:
            record = None
        kept = record.get("error_type") if isinstance(record, dict) else None
    # The service's own callback types are dotted words, not modules: `Callback.Timeout`.
    name = error_type if error_type.startswith("Callback.") else str(kept or error_type).rpartition(".")[2]
    return CALLBACK_FAILURES.get(name, name)


def _as_data(value: Any) -> Any:
    """JSON data for what the history holds, in the flow's terms.

    A batch's result is its items' results, in order; the records dflow keeps
    beside a result (`{"result", "undo"}` of a branch or a group, a group's
    `"set"` values, `{"returned"}` of a group that ended the flow) show only
    the result.
    """
    items = getattr(value, "all", None)
    if isinstance(items, list) and all(hasattr(item, "index") for item in items):
        return [_unwrapped(getattr(item, "result", None)) for item in sorted(items, key=lambda item: item.index)]
    return value


def _unwrapped(value: Any) -> Any:
    """The result a branch, an item or a group gave, without the record dflow keeps beside it."""
    if isinstance(value, dict) and "result" in value and set(value) <= {"result", "undo", "set"}:
        return value["result"]
    if isinstance(value, dict) and set(value) == {"returned"}:
        return value["returned"]
    return value


def _summary(payload: str, record: bool = False) -> str:
    """A result in a line; `record`: a context's, which may hold dflow's record around the result."""
    try:
        data = _as_data(_deserialized(payload))
        text = json.dumps(_unwrapped(data) if record else data, default=str)
    except Exception:  # noqa: BLE001 - a summary is best effort
        text = payload
    return text if len(text) <= 60 else text[:59] + "…"
