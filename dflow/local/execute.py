"""Run one execution of a loaded handler on the SDK's local runner, answering its callbacks.

Waits and retry delays pass in virtual time (the runner skips them); callback
timeouts are real seconds, which is why a callback meant to time out is
compiled with a 1-second timeout. The history is read as the execution goes,
so a timeline can be shown live.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dflow.local.scenarios import CallbackAnswer

CALLBACK_SUFFIX = " create callback id"
POLL_SECONDS = 0.02
HISTORY_PAGE = 1000


class RunnerMissing(Exception):
    """The local runner is not installed."""


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    seconds: float
    name: str
    kind: str  # step, wait, callback, context, invoke, execution
    status: str  # started, succeeded, failed, retrying, timed out…
    detail: str
    top_level: bool


@dataclass
class Outcome:
    status: str  # succeeded, failed, timed_out
    result: Any
    error_type: str | None
    error_message: str | None
    events: list[Event] = field(default_factory=list)

    @property
    def operations(self) -> list[str]:
        """Top-level operations in the order they started, undo steps apart."""
        started = [e.name for e in self.events if e.top_level and e.status in ("started", "scheduled")]
        # `wait until` reads the clock in a step of dflow's own, named `NAME clock`.
        return [n for n in dict.fromkeys(started) if not n.startswith("undo_") and not n.endswith(" clock")]

    def attempts(self, name: str) -> int:
        """How many attempts of the named operations ended (succeeded, failed or timed out)."""
        return sum(1 for e in self.events if e.name == name and e.status in ("succeeded", "failed", "timed out"))

    @property
    def compensations(self) -> list[str]:
        started = [e.name for e in self.events if e.top_level and e.status == "started"]
        return [name for name in started if name.startswith("undo_")]


Ask = Callable[[str, str], CallbackAnswer]


def execute(
    module: types.ModuleType,
    event: Any,
    answers: dict[str, CallbackAnswer],
    on_event: Callable[[Event], None] | None = None,
    ask: Ask | None = None,
    timeout_seconds: float = 60,
    functions: dict[str, Callable[..., Any]] | None = None,
) -> Outcome:
    """Run the handler once to its end; raises `RuntimeError` when it cannot finish.

    With `on_event`, the flow's `log` lines are events too (kind `log`), each
    shown after the operations that ran before it.
    """
    runner = open_runner(module.handler)
    logs: list[tuple[int, str]] = []  # (history events before the line, the line)
    started: dict[str, str] = {}  # the execution's ARN, once it has one
    with contextlib.ExitStack() as stack:
        if on_event is not None:
            stack.enter_context(
                flow_logs(lambda line: logs.append((_history_length(runner, started.get("arn")), line)))
            )
        return _execute(runner, event, answers, on_event, ask, timeout_seconds, functions, (logs, started))


def _execute(
    runner: Any,
    event: Any,
    answers: dict[str, CallbackAnswer],
    on_event: Callable[[Event], None] | None,
    ask: Ask | None,
    timeout_seconds: float,
    functions: dict[str, Callable[..., Any]] | None,
    log_state: tuple[list[tuple[int, str]], dict[str, str]],
) -> Outcome:
    logs, started = log_state
    try:
        for function_name, function in (functions or {}).items():
            runner.register_function(function_name, function)
        arn = runner.run_async(input=json.dumps(event), execution_timeout=int(timeout_seconds))
        started["arn"] = arn
        timeline = _Timeline(runner, arn, on_event, logs)
        answered: set[str] = set()
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            timeline.update()
            for callback_name, scopes, callback_id in timeline.pending_callbacks():
                if callback_id in answered:
                    continue
                answer = answer_for(answers, scopes, callback_name) or (ask(callback_name, callback_id) if ask else None)
                if answer is None:
                    raise RuntimeError(
                        f"the flow waits for the callback `{callback_name}`, which is not answered"
                    )
                _answer(runner, callback_id, answer)
                answered.add(callback_id)
            if timeline.finished:
                # The runner's own completion wait misses short polls; the history does not.
                return _outcome(runner.wait_for_result(arn, timeout=30), timeline.events)
            time.sleep(POLL_SECONDS)
    finally:
        runner.close()
    raise RuntimeError(f"the execution did not finish within {timeout_seconds:g} seconds")


@contextlib.contextmanager
def flow_logs(on_message: Callable[[str], None]) -> Iterator[None]:
    """Hand the flow's own `log` lines to `on_message`; everything else stays quiet.

    A handler's `context.logger` writes to the root logger (and is silent while
    replaying); the SDK's and the runner's own records come from their modules'
    loggers and are dropped, as `quiet_logs` drops them.
    """

    class FlowLines(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.name == "root" and record.levelno >= logging.INFO:
                on_message(record.getMessage())

    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.root.manager.disable)
    root.handlers[:] = [FlowLines()]
    root.setLevel(logging.INFO)
    logging.disable(logging.NOTSET)
    noisy = [logging.getLogger(name) for name in ("aws_durable_execution_sdk_python",
                                                   "aws_durable_execution_sdk_python_testing")]
    previous = [(logger.disabled, logger.propagate) for logger in noisy]
    for logger in noisy:
        logger.disabled, logger.propagate = True, False
    try:
        yield
    finally:
        root.handlers[:], level, disabled = saved
        root.setLevel(level)
        logging.disable(disabled)
        for logger, (was_disabled, propagated) in zip(noisy, previous):
            logger.disabled, logger.propagate = was_disabled, propagated


def open_runner(handler: Any, **options: Any) -> Any:
    """A started `DurableFunctionTestRunner` tuned for local runs; close it when done.

    Two private settings of the SDK and its runner are shortened: the 0.1 s
    the SDK idles after each invocation, and the 5 s the runner waits before
    re-invoking after a crashed invocation. Neither is the handler's time.
    """
    from aws_durable_execution_sdk_python import state

    state._STOP_SIGNAL_POLL_SECONDS = 0.005  # noqa: SLF001
    runner = runner_class()(handler=handler, poll_interval=options.pop("poll_interval", 0.01), **options)
    runner.__enter__()
    runner._executor.RETRY_BACKOFF_SECONDS = 0  # noqa: SLF001
    return runner


def runner_class() -> Any:
    try:
        from aws_durable_execution_sdk_python_testing import DurableFunctionTestRunner
    except ImportError:
        raise RunnerMissing(
            "running flows locally needs the SDK's local runner: pip install 'dflow[run]'"
        ) from None
    return DurableFunctionTestRunner


def _answer(runner: Any, callback_id: str, answer: CallbackAnswer) -> None:
    if answer.timeout:
        return
    if answer.fail is not None:
        from aws_durable_execution_sdk_python.lambda_service import ErrorObject

        runner.send_callback_failure(
            callback_id, ErrorObject(message=answer.fail, type="CallbackFailed", data=None, stack_trace=None)
        )
        return
    runner.send_callback_success(callback_id, json.dumps(answer.answer).encode())


def _history_length(runner: Any, arn: str | None) -> int:
    """How many events the execution's history holds now (0 before it started)."""
    if arn is None:
        return 0
    executor = runner._executor  # noqa: SLF001 - see _Timeline._new_history_events
    count = 0
    marker: str | None = "1"
    while marker is not None:
        page = executor.get_execution_history(arn, marker=marker, max_items=HISTORY_PAGE)
        count += len(page.events)
        marker = page.next_marker
    return count


def answer_for(answers: dict[str, CallbackAnswer], scopes: list[str], name: str) -> CallbackAnswer | None:
    """The most specific answer: `parallel.branch.name`, then `branch.name`, then `name`."""
    for start in range(len(scopes) + 1):
        answer = answers.get(".".join([*scopes[start:], name]))
        if answer is not None:
            return answer
    return None


def _outcome(result: Any, events: list[Event]) -> Outcome:
    execution = str(getattr(result.execution_status, "value", result.execution_status)).lower()
    status = "timed_out" if execution == "timed_out" else str(result.status.value).lower()
    error = result.error
    return Outcome(
        status=status,
        result=json.loads(result.result) if result.result is not None else None,
        error_type=error.type if error else None,
        error_message=error.message if error else None,
        events=events,
    )


class _Timeline:
    """Turns the execution's history into events, each once, as it grows."""

    KINDS = {"Step": "step", "Wait": "wait", "Callback": "callback", "Context": "context",
             "ChainedInvoke": "invoke", "Execution": "execution", "Invocation": "invocation"}

    def __init__(
        self, runner: Any, arn: str, on_event: Callable[[Event], None] | None, logs: list[tuple[int, str]]
    ) -> None:
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
        self.finished = False

    def update(self) -> None:
        for raw in self._new_history_events():
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

    def _new_history_events(self) -> list[Any]:
        """Every history event after the ones already seen, across all pages.

        The runner's history comes in pages of 100 events, numbered from 1; the
        public `get_execution_history` returns only the first page, so a flow
        with more than 100 events (a nested `for each`) never showed its end.
        """
        executor = self.runner._executor  # noqa: SLF001 - the paged call is not on the runner
        events: list[Any] = []
        marker: str | None = str(self.seen + 1)
        while marker is not None:
            page = executor.get_execution_history(
                self.arn, include_execution_data=True, marker=marker, max_items=HISTORY_PAGE
            )
            events.extend(page.events)
            marker = page.next_marker
        return events

    def pending_callbacks(self) -> list[tuple[str, list[str], str]]:
        """(flow name, names of the scopes around it, callback id) of callbacks still unanswered."""
        return [
            (name, self._scopes(op), self.callback_ids[op])
            for op, name in self.callbacks.items()
            if op in self.callback_ids
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
        if kind_name == "Callback":
            self._track_callback(raw, name, status_name)
            name = name.removesuffix(CALLBACK_SUFFIX)
        if kind_name == "Execution" and status_name in ("Succeeded", "Failed", "TimedOut", "Stopped"):
            self.finished = True
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
        return Event(seconds, name, kind, status, detail, top_level)

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


# What an operation is, in the flow's words, from the SDK's sub-type in the history.
SUB_KINDS = {"WaitForCondition": "poll", "Parallel": "parallel", "Map": "for each"}


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
            return f"{getattr(payload, 'error_type', '') or getattr(payload, 'type', '')}: {getattr(payload, 'error_message', '') or getattr(payload, 'message', '')}".strip(": ")
        result = getattr(details, "result", None)
        if result is not None and getattr(result, "payload", None):
            return _summary(result.payload)
    return ""


def _as_data(value: Any) -> Any:
    """JSON data for what the history holds: a batch's result is its items' results, in order."""
    items = getattr(value, "all", None)
    if isinstance(items, list) and all(hasattr(item, "index") for item in items):
        return [getattr(item, "result", None) for item in sorted(items, key=lambda item: item.index)]
    return value


def _summary(payload: str) -> str:
    try:
        from aws_durable_execution_sdk_python.serdes import ExtendedTypeSerDes, SerDesContext

        value = ExtendedTypeSerDes().deserialize(payload, SerDesContext("", ""))  # type: ignore[no-untyped-call]
        text = json.dumps(_as_data(value), default=str)
    except Exception:  # noqa: BLE001 - a summary is best effort
        text = payload
    return text if len(text) <= 60 else text[:59] + "…"
