"""The rules a fast build rests on: black once per file, a cache that knows versions, a read-only package."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dflow.compiler.build
import dflow.compiler.format
from dflow.cli import main
from tests.golden_cases import CASES, ROOT

VENDING = CASES["vending"]


def test_black_formats_each_generated_handler_exactly_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formatted: list[str] = []
    real_format_str = dflow.compiler.format.black.format_str

    def counting_format_str(source: str, *, mode: object) -> str:
        formatted.append(source)
        return real_format_str(source, mode=mode)  # type: ignore[arg-type]

    monkeypatch.setattr(dflow.compiler.format.black, "format_str", counting_format_str)
    flows = tmp_path / "flows"
    flows.mkdir()
    for name in ("vending", "travel_booking"):
        shutil.copy(CASES[name], flows)
    assert main(["compile", str(flows), "-o", str(tmp_path / "out"), "-j", "1", "--no-cache"]) == 0
    assert len(formatted) == 2


def test_a_new_dflow_version_makes_the_next_compile_redo_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "vending.flow"
    flow.write_text(VENDING.read_text())
    out = tmp_path / "out"
    assert main(["compile", str(flow), "-o", str(out)]) == 0
    assert json.loads((out / dflow.compiler.build.CACHE_NAME).read_text())["versions"]["dflow"] == dflow.compiler.build.__version__
    monkeypatch.setattr(dflow.compiler.build, "__version__", "99.0.0")
    capsys.readouterr()
    assert main(["compile", str(flow), "-o", str(out)]) == 0
    assert "unchanged since the last compile" not in capsys.readouterr().out
    assert json.loads((out / dflow.compiler.build.CACHE_NAME).read_text())["versions"]["dflow"] == "99.0.0"


def test_a_compile_writes_nothing_inside_the_installed_package(tmp_path: Path) -> None:
    # A copy of the package stands in for a read-only install: root ignores file
    # modes, so the proof is that not one file appears in it or changes.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "dflow", site / "dflow", ignore=shutil.ignore_patterns("__pycache__"))
    before = {path: path.read_bytes() for path in (site / "dflow").rglob("*") if path.is_file()}
    environment = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    probe = (
        "import dflow, sys; from dflow.cli import main; "
        "from dflow.compiler.render import environment; "
        f"code = main(['compile', {str(VENDING)!r}, '-o', {str(tmp_path / 'out')!r}]); "
        "assert dflow.__file__.startswith(" + repr(str(site)) + "), dflow.__file__; "
        "assert type(environment().loader).__name__ == 'ModuleLoader'; "
        "sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    after = {path: path.read_bytes() for path in (site / "dflow").rglob("*") if path.is_file()}
    assert after == before


def test_a_compile_unfreezes_what_it_froze_and_nothing_a_caller_froze() -> None:
    from dflow.compiler.pipeline import compile_text

    text = VENDING.read_text()
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    compile_text(text, VENDING.name)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds
    gc.freeze()  # as a program that forks workers after loading dflow would
    try:
        frozen = gc.get_freeze_count()
        compile_text(text, VENDING.name)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
