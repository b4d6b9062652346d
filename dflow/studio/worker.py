"""What runs in the worker process: one execution of a flow, or its scenarios, reported message by message.

The studio's server never imports the project's actions: a failing or hanging
action, or one that calls `sys.exit`, takes down this process only. Messages
are `(type, data)` pairs on a `multiprocessing` connection (the server passes
each on to the page as `{"type": type, **data}`):

    ("event", {name, kind, status, detail, seconds, top_level})   as the timeline grows
    ("callback", {name, id})          the flow waits; the server sends back an answer dict
    ("outcome", {status, result, error_type, error_name, error_message})   error_name: as the flow names it
    ("scenario", {scenario, passed, seconds, error, mismatches})
    ("error", {message})              the run could not start or finish
    ("done", {})
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

SHOWN_ERROR_LINES = 12


def watch_server() -> None:
    """End this worker as soon as the server that started it is gone, however it went.

    A server killed by a closed terminal (SIGHUP) or `kill -9` runs no cleanup;
    a worker left behind would go on running the project's code.
    """
    server = os.getppid()

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def run_flow(connection: Connection, text: str, source_name: str, actions_path: str, event: Any) -> None:
    """One execution on the SDK's local runner with the project's real actions."""
    watch_server()
    try:
        with _quiet():
            outcome = _execute(connection, text, source_name, Path(actions_path), event)
        connection.send(("outcome", outcome))
    except Exception as error:  # noqa: BLE001 - reported on the page, never a crash of the server
        connection.send(("error", {"message": _describe(error)}))
    finally:
        connection.send(("done", {}))
        connection.close()


def run_scenarios(
    connection: Connection, scenario_file: str, names: list[str] | None, actions_path: str | None,
    flow_text: str | None = None,
) -> None:
    """The scenarios of one file (all, or those named), each reported as it is known.

    `flow_text` is the flow as the editor holds it, saved or not: the scenarios
    test what the analyst sees.
    """
    watch_server()
    try:
        with _quiet():
            folder = Path(actions_path) if actions_path else None
            for result in _scenarios(Path(scenario_file), names, folder, flow_text):
                connection.send(("scenario", result))
    except Exception as error:  # noqa: BLE001
        connection.send(("error", {"message": _describe(error)}))
    finally:
        connection.send(("done", {}))
        connection.close()


def _execute(connection: Connection, text: str, source_name: str, actions_path: Path, event: Any) -> dict[str, Any]:
    from dflow.language.reading import check_text
    from dflow.local.execute import execute
    from dflow.local.handler import actions_on_path, load_handler
    from dflow.local.scenarios import CallbackAnswer
    from dflow.local.timeline import Event, batch_tolerances, flow_error_name

    flow, diagnostics = check_text(text, source_name)
    if flow is None:
        first = next(d for d in diagnostics if d.is_error)
        raise ValueError(f"the flow has errors: {first.message}")

    def on_event(item: Event) -> None:
        connection.send(("event", {
            "name": item.name, "kind": item.kind, "status": item.status, "detail": item.detail,
            "seconds": item.seconds, "top_level": item.top_level, "depth": item.depth,
        }))

    def ask(name: str, callback_id: str) -> CallbackAnswer:
        connection.send(("callback", {"name": name, "id": callback_id}))
        answer: dict[str, Any] = connection.recv()
        return CallbackAnswer.model_validate(answer)

    with actions_on_path(actions_path):
        module = load_handler(flow, source_name)
        outcome = execute(module, event, {}, on_event=on_event, ask=ask, timeout_seconds=3600,
                          tolerances=batch_tolerances(flow))
    return {
        "status": outcome.status, "result": outcome.result,
        "error_type": outcome.error_type, "error_message": outcome.error_message,
        "error_name": flow_error_name(outcome.error_type) if outcome.error_type else None,
    }


def _scenarios(path: Path, names: list[str] | None, actions_path: Path | None, flow_text: str | None) -> Any:
    from dflow.language.reading import check_text
    from dflow.local.scenarios import actions_path_of, flow_path, load_scenarios
    from dflow.local.testing import run_file

    file = load_scenarios(path)
    if names:
        file = file.model_copy(update={"scenarios": [s for s in file.scenarios if s.name in names]})
    flow_file = flow_path(path, file)
    source = flow_text if flow_text is not None else flow_file.read_text(encoding="utf-8")
    flow, diagnostics = check_text(source, flow_file.name)
    if flow is None:
        first = next(d for d in diagnostics if d.is_error)
        raise ValueError(f"{flow_file.name} has errors: {first.message}")
    folder = actions_path or actions_path_of(path, file)

    def describe(diagnostic: Any) -> str:
        return f"{flow_file.name}: {diagnostic.message}"

    for result in run_file(path, file, flow, (flow_file, describe), folder, False):
        yield {
            "scenario": result.scenario, "passed": result.passed, "seconds": round(result.seconds, 2),
            "error": result.error, "mismatches": list(result.mismatches),
        }


@contextlib.contextmanager
def _quiet() -> Any:
    """Actions that print would write into the server's terminal; the page shows the timeline instead."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def _describe(error: BaseException) -> str:
    if isinstance(error, (ValueError, RuntimeError)):
        return str(error)
    lines = traceback.format_exception_only(type(error), error)
    return "".join(lines[-SHOWN_ERROR_LINES:]).strip()
