"""Compile a flow's text and run it once on the SDK's local runner: what the runtime tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dflow.local.execute import Outcome, execute
from dflow.local.scenarios import CallbackAnswer
from tests.test_runtime_corners import load


def run(
    text: str, tmp_path: Path, event: Any = None, functions: Any = None, **answers: CallbackAnswer
) -> Outcome:
    """The outcome of one execution; `answers` answer callbacks by name, `functions` are invoked ones."""
    module = load(text, tmp_path)
    return execute(module, {} if event is None else event, answers, timeout_seconds=30, functions=functions)
