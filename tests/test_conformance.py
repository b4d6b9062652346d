"""The durable SDK's own examples, written as flows, pass the SDK's own tests.

`conformance/flows/` holds flows ported from the examples of
aws/aws-durable-execution-sdk-python (Apache-2.0, see conformance/README.md);
`conformance/test/` holds those examples' test files, changed only where a
flow's names must differ. Each flow is compiled into `src/` beside the tests,
at the path of the example it replaces, and the tests run on the SDK's local
runner in a pytest of their own, with their own conftest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dflow.compiler.pipeline import compile_text

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = ROOT / "conformance"


def build(root: Path) -> list[Path]:
    """The suite in `root`: the tests, `pytest.ini`, and every flow compiled into `src/`."""
    shutil.copytree(CONFORMANCE / "test", root / "test")
    shutil.copy(CONFORMANCE / "pytest.ini", root / "pytest.ini")
    src = root / "src"
    src.mkdir()
    shutil.copy(CONFORMANCE / "actions" / "sdk_examples.py", src / "sdk_examples.py")
    written = []
    for flow in sorted((CONFORMANCE / "flows").rglob("*.flow")):
        relative = flow.relative_to(CONFORMANCE / "flows").with_suffix(".py")
        target = src / relative
        for folder in [src, *reversed(target.parents[: len(relative.parts) - 1])]:
            folder.mkdir(exist_ok=True)
            (folder / "__init__.py").touch()
        target.write_text(compile_text(flow.read_text(encoding="utf-8"), flow.name).handler_source, encoding="utf-8")
        written.append(target)
    return written


def test_every_ported_example_passes_its_own_tests_on_the_local_runner(tmp_path: Path) -> None:
    written = build(tmp_path)
    assert len(written) == len(list((CONFORMANCE / "flows").rglob("*.flow")))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_every_ported_example_has_its_test_file() -> None:
    flows = {path.stem for path in (CONFORMANCE / "flows").rglob("*.flow")}
    tests = (CONFORMANCE / "test").rglob("test_*.py")
    tested = " ".join(path.read_text(encoding="utf-8") for path in tests)
    assert all(f" {stem}" in tested or f".{stem}" in tested for stem in flows), flows
