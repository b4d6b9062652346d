"""The `dflow run` and `dflow test` commands: flows on the SDK's local runner, no AWS account."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dflow.compiler import model as m
from dflow.local.scenarios import CallbackAnswer, Scenario

VIRTUAL_TIME_NOTE = (
    "(on the local runner: waits and retry delays pass in virtual time and are skipped; "
    "callback timeouts are real seconds)"
)
GREEN, RED, DIM, RESET = "\033[32m", "\033[31m", "\033[2m", "\033[0m"


def run_command(args: argparse.Namespace, flow: m.Flow) -> int:
    """`dflow run`: one execution with a live timeline, then its status and result."""
    from dflow.local.execute import Event, RunnerMissing, elapsed, execute
    from dflow.local.handler import actions_on_path, load_handler
    from dflow.local.testing import with_short_timeouts

    event = _input(args.input)
    answers = dict(_callback(spec) for spec in args.callback)
    functions = dict(_function(spec) for spec in args.function)
    colour = sys.stdout.isatty()
    print(f"running {flow.name.text} {VIRTUAL_TIME_NOTE}")

    def show(item: Event) -> None:
        if not item.top_level:
            return
        status = _paint(item.status, GREEN if item.status == "succeeded" else RED if item.status in ("failed", "timed out") else "", colour)
        print(f"  {elapsed(item.seconds):>13}  {item.name:<24} {item.kind:<9} {status:<10} {item.detail}".rstrip())

    scenario = Scenario(name="run", callbacks=answers)
    actions_path = args.actions_path or args.path.resolve().parent
    try:
        with actions_on_path(actions_path):
            module = load_handler(with_short_timeouts(flow, scenario), args.path.name)
            outcome = execute(module, event, answers, on_event=show, ask=_ask if sys.stdin.isatty() else None,
                              functions=functions)
    except RunnerMissing as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"dflow: {error}; answer it with --callback NAME=JSON", file=sys.stderr)
        return 1
    if outcome.status == "succeeded":
        print(_paint("SUCCEEDED", GREEN, colour), json.dumps(outcome.result))
        return 0
    print(_paint(outcome.status.upper().replace("_", " "), RED, colour), f"{outcome.error_type}: {outcome.error_message}")
    return 1


def test_command(args: argparse.Namespace) -> int:
    """`dflow test`: every scenario of every scenario file, then `N passed, N failed`."""
    from dflow.local.execute import RunnerMissing, runner_class
    from dflow.local.testing import ScenarioResult, junit_xml

    try:
        runner_class()
    except RunnerMissing as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    files = _scenario_files(args.paths)
    if not files:
        print("dflow: no *.scenarios.yaml files found in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    colour = sys.stdout.isatty()
    results: list[ScenarioResult] = []
    for path in files:
        print(str(path))
        for result in _run_file(path, args):
            results.append(result)
            _print_result(result, colour)
    passed = sum(1 for r in results if r.passed)
    if args.junit_xml:
        args.junit_xml.write_text(junit_xml(results), encoding="utf-8")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


def _run_file(path: Path, args: argparse.Namespace) -> list[Any]:
    from dflow.compiler.pipeline import check_text
    from dflow.local.scenarios import ScenarioError, flow_path, load_scenarios
    from dflow.local.testing import ScenarioResult, run_file
    from dflow.report import FileReport, emit

    try:
        file = load_scenarios(path)
    except ScenarioError as error:
        return [ScenarioResult(path, "(scenario file)", 0.0, error=str(error))]
    flow_file = flow_path(path, file)
    if not flow_file.exists():
        return [ScenarioResult(path, "(scenario file)", 0.0, error=f"no flow at {flow_file}")]
    source = flow_file.read_text(encoding="utf-8")
    flow, diagnostics = check_text(source, flow_file.name)
    if flow is None:
        emit([FileReport(flow_file, source, diagnostics)], "text")
        return [ScenarioResult(path, "(scenario file)", 0.0, error=f"{flow_file} has errors")]
    actions_path = args.actions_path or (path.parent / file.actions_path if file.actions_path else flow_file.parent)
    return run_file(path, file, flow, (flow_file, source), actions_path, args.mock_all)


def _print_result(result: Any, colour: bool) -> None:
    if result.passed:
        print(f"  {_paint('PASSED', GREEN, colour)}  {result.scenario} {_paint(f'({result.seconds:.2f} s)', DIM, colour)}")
        return
    print(f"  {_paint('FAILED', RED, colour)}  {result.scenario} {_paint(f'({result.seconds:.2f} s)', DIM, colour)}")
    for text in ([result.error] if result.error else result.mismatches):
        for line in text.splitlines():
            print(f"          {line}")


def _scenario_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.scenarios.yaml")) if path.is_dir() else [path])
    return files


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


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{RESET}" if colour and code else text
