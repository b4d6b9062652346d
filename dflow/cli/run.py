"""`dflow run`: one execution on the SDK's local runner, with a live timeline."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from dflow.cli.files import Commands, load_one
from dflow.cli.words import GREEN, RED, paint

if TYPE_CHECKING:  # the command line loads pydantic only for the command it runs
    from dflow.language import model as m
    from dflow.local.scenarios import CallbackAnswer

VIRTUAL_TIME_NOTE = (
    "(on the local runner: waits and retry delays pass in virtual time and are skipped; "
    "callback timeouts are real seconds)"
)


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "run",
        help="run a flow on the SDK's local runner, with a live timeline (no AWS account)",
        description="Compile the flow in memory and run it once on the durable SDK's local "
        "runner with the real actions module. Waits and retry delays pass in virtual time. "
        "Needs the runner: pip install 'dflow[run]'.",
    )
    parser.add_argument("path", type=Path, metavar="FILE")
    parser.add_argument("--input", default="{}", metavar="JSON|@FILE", help="the execution's input")
    parser.add_argument("--actions-path", type=Path, metavar="DIR", help="where the actions modules are (default: the flow's folder)")
    parser.add_argument(
        "--callback", action="append", default=[], metavar="NAME=ANSWER",
        help="answer a callback: NAME=JSON succeeds it, NAME=!message fails it, NAME=timeout lets it time out "
        "(after 1 second); given several times for one NAME, they answer its passes in order (a callback "
        "in a loop), the last one every later pass; unanswered callbacks are asked for on a terminal",
    )
    parser.add_argument("--verbose", action="store_true",
                        help="also show the SDK's own log records and tracebacks (expected retries included)")
    parser.add_argument(
        "--function", action="append", default=[], metavar="NAME=RESULT",
        help="stand in for a Lambda function the flow invokes: NAME=JSON returns that, NAME=!message "
        "fails with that message; a function not given does not exist",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    flow = load_one(args.path)
    return 1 if flow is None else run_command(args, flow)


def run_command(args: argparse.Namespace, flow: m.Flow) -> int:
    """`dflow run`: one execution with a live timeline, then its status and result."""
    from dflow.local.execute import RunnerMissing, execute, runner_class
    from dflow.local.timeline import Event, batch_tolerances, elapsed
    from dflow.local.handler import actions_on_path, load_handler
    from dflow.local.scenarios import Scenario
    from dflow.local.testing import quiet_logs, with_short_timeouts

    try:
        runner_class()
    except RunnerMissing as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    event = _input(args.input)
    answers = _answers(args.callback)
    functions = dict(_function(spec) for spec in args.function)
    colour = sys.stdout.isatty()
    actions_path = args.actions_path or args.path.resolve().parent
    problems = _call_problems(flow, actions_path, args.path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"running {flow.name.text} {VIRTUAL_TIME_NOTE}")

    def show(item: Event) -> None:
        status = paint(item.status, GREEN if item.status == "succeeded" else RED if item.status in ("failed", "timed out") else "", colour)
        name = "  " * item.depth + item.name
        print(f"  {elapsed(item.seconds):>13}  {name:<24} {item.kind:<9} {status:<10} {_short(item.detail)}".rstrip())

    scenario = Scenario(name="run", callbacks=answers)
    try:
        with actions_on_path(actions_path), (quiet_logs() if not args.verbose else contextlib.nullcontext()):
            module = load_handler(with_short_timeouts(flow, scenario), args.path.name)
            outcome = execute(module, event, answers, on_event=show, ask=_ask if sys.stdin.isatty() else None,
                              functions=functions, tolerances=batch_tolerances(flow))
    except RunnerMissing as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"dflow: {error}; answer it with --callback NAME=JSON", file=sys.stderr)
        return 1
    if outcome.status == "succeeded":
        print(paint("SUCCEEDED", GREEN, colour), json.dumps(outcome.result))
        return 0
    print(paint(outcome.status.upper().replace("_", " "), RED, colour), f"{outcome.error_type}: {outcome.error_message}")
    return 1


def _answers(specs: list[str]) -> dict[str, CallbackAnswer | list[CallbackAnswer]]:
    """`--callback` options by name: one answer, or several that answer the passes in order."""
    given: dict[str, list[CallbackAnswer]] = {}
    for spec in specs:
        name, answer = _callback(spec)
        given.setdefault(name, []).append(answer)
    return {name: answers[0] if len(answers) == 1 else answers for name, answers in given.items()}


def _call_problems(flow: m.Flow, actions_path: Path, path: Path) -> list[str]:
    """The flow's calls checked against the real actions first, as `dflow test` does."""
    from dflow.actions.check import check_actions
    from dflow.cli.report import format_diagnostic, use_colour

    text = path.read_text(encoding="utf-8")
    return [format_diagnostic(d, str(path), text, use_colour(sys.stderr)) for d in check_actions(flow, actions_path) if d.is_error]


def _short(detail: str) -> str:
    """One line of detail: the first line of an error (no traceback), long ids cut."""
    line = detail.splitlines()[0] if detail else ""
    return line if len(line) <= 120 else line[:119] + "…"


def _input(text: str) -> Any:
    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SystemExit(f"dflow: --input is not JSON ({error.msg} at column {error.colno})") from None


def _callback(spec: str) -> tuple[str, CallbackAnswer]:
    """`NAME=JSON` answers, `NAME=!message` fails, `NAME=timeout` lets it time out."""
    name, separator, value = spec.partition("=")
    if not separator:
        raise SystemExit(f"dflow: --callback {spec!r} should be NAME=JSON, NAME=!message or NAME=timeout")
    return name, _answer(value)


class FunctionFailed(Exception):
    """What a `--function NAME=!message` stand-in raises."""


def _function(spec: str) -> tuple[str, Any]:
    """`NAME=JSON`: the invoked function returns that; `NAME=!message`: it fails with that message."""
    name, separator, value = spec.partition("=")
    if not separator or not name:
        raise SystemExit(f"dflow: --function {spec!r} should be NAME=JSON or NAME=!message")
    if value.startswith("!"):
        message = value[1:]

        def failing(event: Any, context: Any) -> Any:
            raise FunctionFailed(message)

        return name, failing
    try:
        result = json.loads(value)
    except json.JSONDecodeError:
        result = value
    return name, lambda event, context: result


def _answer(value: str) -> CallbackAnswer:
    from dflow.local.scenarios import CallbackAnswer

    if value == "timeout":
        return CallbackAnswer(timeout=True)
    if value.startswith("!"):
        return CallbackAnswer(fail=value[1:])
    try:
        return CallbackAnswer(answer=json.loads(value))
    except json.JSONDecodeError:
        return CallbackAnswer(answer=value)


def _ask(name: str, callback_id: str) -> CallbackAnswer:
    print(f"  the flow waits for the callback `{name}` (id {callback_id[:24]}…)")
    return _answer(input("  answer with JSON, !message to fail it, or timeout: ").strip())
