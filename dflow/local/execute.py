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

from dflow.language.checks.expressions import LOG_RECORD_NAMES
from dflow.local.scenarios import CallbackAnswer
from dflow.local.timeline import Event, Timeline, Tolerance, history_events

POLL_SECONDS = 0.02
# What the SDK adds to every log record, besides a flow's `log … with {…}` fields.
SDK_FIELDS = frozenset({"executionArn", "parentId", "operationName", "attempt", "operationId"})


class RunnerMissing(Exception):
    """The local runner is not installed."""


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
        # A poll's check that found the condition not yet true is an attempt too.
        ended = ("succeeded", "failed", "timed out", "checked")
        return sum(1 for e in self.events if e.name == name and e.status in ended)

    @property
    def compensations(self) -> list[str]:
        """The undo steps that ran, in the order they ran: the flow's, and those of groups, branches and items."""
        started = [e.name for e in self.events if e.kind == "step" and e.status == "started"]
        return [name for name in started if name.startswith("undo_")]


Ask = Callable[[str, str], CallbackAnswer]
# A callback's answer, or its answers pass by pass (a callback inside a loop): the last answers any later pass.
Answers = dict[str, CallbackAnswer | list[CallbackAnswer]]


def execute(
    module: types.ModuleType,
    event: Any,
    answers: Answers,
    on_event: Callable[[Event], None] | None = None,
    ask: Ask | None = None,
    timeout_seconds: float = 60,
    functions: dict[str, Callable[..., Any]] | None = None,
    tolerances: dict[str, Tolerance] | None = None,
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
                flow_logs(lambda line: logs.append((len(history_events(runner, started["arn"])) if started else 0, line)))
            )
        return _execute(runner, event, answers, on_event, ask, timeout_seconds, functions, (logs, started), tolerances)


def _execute(
    runner: Any,
    event: Any,
    answers: Answers,
    on_event: Callable[[Event], None] | None,
    ask: Ask | None,
    timeout_seconds: float,
    functions: dict[str, Callable[..., Any]] | None,
    log_state: tuple[list[tuple[int, str]], dict[str, str]],
    tolerances: dict[str, Tolerance] | None = None,
) -> Outcome:
    logs, started = log_state
    try:
        for function_name, function in (functions or {}).items():
            runner.register_function(function_name, function)
        arn = runner.run_async(input=json.dumps(event), execution_timeout=int(timeout_seconds))
        started["arn"] = arn
        timeline = Timeline(runner, arn, on_event, logs, tolerances)
        answered: set[str] = set()
        passes: dict[str, int] = {}  # answers given so far, by the key that answered them
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            timeline.update()
            for callback_name, scopes, callback_id in timeline.pending_callbacks():
                if callback_id in answered:
                    continue
                answer = answer_for(answers, scopes, callback_name, passes)
                if answer is None and ask is not None:
                    answer = ask(callback_name, callback_id)
                    if answer.timeout:
                        # A person chose "let it time out": time passes at once, as waits do.
                        time_out_now(runner, arn, callback_id)
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
                fields = {k: v for k, v in vars(record).items() if k not in LOG_RECORD_NAMES and k not in SDK_FIELDS}
                suffix = f"  {json.dumps(fields, default=str)}" if fields else ""
                on_message(record.getMessage() + suffix)

    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.root.manager.disable)
    root.handlers[:] = [FlowLines()]
    root.setLevel(logging.INFO)
    logging.disable(logging.NOTSET)
    noisy = [logging.getLogger(name) for name in ("aws_durable_execution_sdk_python",
                                                   "aws_durable_execution_sdk_python_testing")]
    previous = [(logger.disabled, logger.propagate) for logger in noisy]
    # Their modules' own loggers propagate here and stop: a handler that drops them keeps
    # logging's last resort from printing each expected retry's traceback on stderr.
    dropped = logging.NullHandler()
    for logger in noisy:
        logger.disabled, logger.propagate = True, False
        logger.addHandler(dropped)
    try:
        yield
    finally:
        root.handlers[:], level, disabled = saved
        root.setLevel(level)
        logging.disable(disabled)
        for logger, (was_disabled, propagated) in zip(noisy, previous):
            logger.disabled, logger.propagate = was_disabled, propagated
            logger.removeHandler(dropped)


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


def time_out_now(runner: Any, arn: str, callback_id: str) -> None:
    """Time the callback out now instead of at its timeout, as the runner would when the time came.

    The runner passes waits in virtual time but callback timeouts in real
    seconds; a person answering at a prompt or on the studio page should not
    wait 15 minutes to see the timeout path.
    """
    executor = runner._executor  # noqa: SLF001 - the runner's own timeout path, with no public door
    executor._cleanup_callback_timeouts(callback_id)  # noqa: SLF001
    # It logs a warning for every timeout; the timeline already says so.
    log = logging.getLogger(type(executor).__module__)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        executor._on_callback_timeout(arn, callback_id)  # noqa: SLF001
    finally:
        log.setLevel(level)


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


def answer_for(answers: Answers, scopes: list[str], name: str, passes: dict[str, int]) -> CallbackAnswer | None:
    """The most specific answer: `parallel.branch.name`, then `branch.name`, then `name`.

    A list answers pass by pass, in order (a callback inside a loop); its last
    entry answers every later pass. `passes` counts the answers given by each key.
    """
    for start in range(len(scopes) + 1):
        key = ".".join([*scopes[start:], name])
        given = answers.get(key)
        if given is None:
            continue
        if not isinstance(given, list):
            return given
        if not given:
            return None
        count = passes.get(key, 0)
        passes[key] = count + 1
        return given[min(count, len(given) - 1)]
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
