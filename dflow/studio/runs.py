"""Runs of flows and scenarios, each in a worker process, with everything it reported kept in order.

A thread per run reads the worker's messages into `Run.messages`; the page
follows them (server-sent events) from any point, so a reload or a second tab
sees the whole run. Answers to callbacks go back down the same connection.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from dflow.studio import worker

# `spawn`: the worker starts from nothing, so it never shares the server's
# event loop, threads or imported actions.
CONTEXT = multiprocessing.get_context("spawn")
KEPT_RUNS = 50
# Each live run is a Python process of about 75 MB that lives as long as its flow waits.
MAX_LIVE_RUNS = 4


class TooManyRuns(Exception):
    """As many runs are live as the studio keeps at once."""


@dataclass
class Run:
    id: str
    connection: Connection
    process: Any
    messages: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    waiting: dict[str, Any] | None = None  # the callback the flow waits for
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, answer: dict[str, Any]) -> bool:
        """Send the answer to the callback the flow waits for; False when it waits for none."""
        with self.lock:
            if self.waiting is None:
                return False
            self.waiting = None
            try:
                self.connection.send(answer)
            except (OSError, ValueError):  # the worker is gone: nothing waits any more
                return False
            return True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()

    def _read(self) -> None:
        while True:
            try:
                kind, data = self.connection.recv()
            except (EOFError, OSError):
                break
            with self.lock:
                if kind == "callback":
                    self.waiting = data
                self.messages.append({**data, "type": kind})
            if kind == "done":
                break
        self.process.join(timeout=5)
        with self.lock:
            if not any(message["type"] in ("outcome", "error", "scenario") for message in self.messages):
                code = self.process.exitcode
                self.messages.append({"type": "error", "message": f"the worker stopped (exit code {code}) before the run ended"})
            if self.messages[-1]["type"] != "done":
                self.messages.append({"type": "done"})
            self.done = True


class Runs:
    """The server's runs, by id; the oldest finished ones are forgotten."""

    def __init__(self, limit: int = MAX_LIVE_RUNS) -> None:
        self.runs: dict[str, Run] = {}
        self.counter = itertools.count(1)
        self.limit = limit
        self.stopping = False  # the server is shutting down: event streams end

    def live(self) -> int:
        return sum(1 for run in self.runs.values() if not run.done)

    def start(self, target: Callable[..., None], *arguments: Any) -> Run:
        if self.live() >= self.limit:
            raise TooManyRuns(f"{self.limit} runs are still going (waiting for callbacks, or running); "
                              "answer or finish one, or reload the page to stop them, then run again")
        ours, theirs = CONTEXT.Pipe()
        process = CONTEXT.Process(target=target, args=(theirs, *arguments), daemon=True)
        process.start()
        theirs.close()
        run = Run(f"r{next(self.counter)}", ours, process)
        threading.Thread(target=run._read, daemon=True).start()
        self.runs[run.id] = run
        self._forget_old()
        return run

    def flow(self, text: str, source_name: str, actions_path: str, event: Any) -> Run:
        return self.start(worker.run_flow, text, source_name, actions_path, event)

    def scenarios(
        self, scenario_file: str, names: list[str] | None, actions_path: str | None, flow_text: str | None = None
    ) -> Run:
        return self.start(worker.run_scenarios, scenario_file, names, actions_path, flow_text)

    def get(self, run_id: str) -> Run | None:
        return self.runs.get(run_id)

    def stop_all(self) -> None:
        self.stopping = True
        for run in self.runs.values():
            run.stop()

    def _forget_old(self) -> None:
        finished = [run_id for run_id, run in self.runs.items() if run.done]
        for run_id in finished[: max(0, len(self.runs) - KEPT_RUNS)]:
            del self.runs[run_id]
