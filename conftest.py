"""Fixtures shared by dflow's tests and the example projects' tests.

`compile_flow` compiles a flow through the `dflow compile` command into a
temporary folder and imports the generated handler; `durable_runner` starts
the SDK's real local runner around it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dflow.cli import main as dflow_main

CompileFlow = Callable[..., ModuleType]


@pytest.fixture
def compile_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CompileFlow:
    """Compile a flow (optionally edited) with `dflow compile`, then import its handler.

    `replace` maps text of the flow to the text that replaces it in this test's
    copy, e.g. a 1-second callback timeout instead of 15 minutes.
    """

    def compile_(flow: Path, replace: dict[str, str] | None = None) -> ModuleType:
        text = flow.read_text(encoding="utf-8")
        for old, new in (replace or {}).items():
            assert old in text, f"{old!r} is not in {flow.name}"
            text = text.replace(old, new)
        copy = tmp_path / "flows" / flow.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text, encoding="utf-8")
        build = tmp_path / "build"
        assert dflow_main(["compile", str(copy), "-o", str(build)]) == 0
        handler_file = next(build.glob("*_handler.py"))
        monkeypatch.syspath_prepend(str(build))
        monkeypatch.syspath_prepend(str(flow.parent))
        sys.modules.pop(handler_file.stem, None)
        module = importlib.import_module(handler_file.stem)
        monkeypatch.setitem(sys.modules, handler_file.stem, module)
        return module

    return compile_


@pytest.fixture
def durable_runner() -> Iterator[Callable[..., Any]]:
    """Start `DurableFunctionTestRunner`s for a handler, set up as `dflow run` sets them up;
    all are closed after the test."""
    from dflow.local.execute import open_runner

    runners: list[Any] = []

    def start(handler: Any, **options: Any) -> Any:
        runner = open_runner(handler, **options)
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        runner.close()
