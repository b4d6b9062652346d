"""What generated handlers are: deterministic, valid, standalone Python."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dflow.compiler.pipeline import compile_file
from tests.golden_cases import CASES, ROOT


def compile_in_subprocess(flow: Path, output: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "dflow", "compile", str(flow), "-o", str(output)],
        check=True,
        env=env,
        capture_output=True,
        cwd=ROOT,
    )


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    flow = CASES["vending"]
    outputs = []
    for seed in ("0", "1", "12345"):
        compile_in_subprocess(flow, tmp_path / seed, seed)
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / seed).iterdir())})
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_handler_is_valid_python_that_imports_nothing_from_dflow(case: str) -> None:
    source = compile_file(CASES[case]).handler_source
    tree = ast.parse(source)
    compile(source, f"{case}_handler.py", "exec")
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "dflow" not in imported
    allowed = set(sys.stdlib_module_names) | {"aws_durable_execution_sdk_python"}
    actions_roots = {m.module.split(".")[0] for m in compile_file(CASES[case]).flow.actions}
    assert imported <= allowed | actions_roots


def test_generated_handler_names_operations_after_the_flow(tmp_path: Path) -> None:
    source = compile_file(CASES["vending"]).handler_source
    for name in ("validate", "reservation", "payment", "dispense", "audit", "undo_reservation"):
        assert f'"{name}"' in source


EXAMPLE_CASES = [
    "vending", "travel_booking", "order_fulfilment", "document_pipeline", "subscription_renewal", "order_import",
]


def test_generated_handlers_of_examples_and_test_flows_pass_mypy_strict(tmp_path: Path) -> None:
    flows = [CASES[case] for case in EXAMPLE_CASES] + sorted((ROOT / "tests" / "flows").glob("*.flow"))
    handlers = []
    for flow in flows:
        compiled = compile_file(flow)
        handlers.append(tmp_path / compiled.handler_name)
        handlers[-1].write_text(compiled.handler_source, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": os.pathsep.join(sorted({str(flow.parent) for flow in flows}))}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         *map(str, handlers)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dflow_itself_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


NEWER_PYTHONS = [v for v in ("3.12.1", "3.13.0") if Path(f"/root/.pyenv/versions/{v}/bin/python").exists()]


@pytest.mark.skipif(not NEWER_PYTHONS, reason="no newer Python interpreter on this machine")
@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_handlers_compile_on_newer_pythons(case: str) -> None:
    """Lambda runs python3.14; every newer interpreter available here must accept the code."""
    source = compile_file(CASES[case]).handler_source
    for version in NEWER_PYTHONS:
        python = f"/root/.pyenv/versions/{version}/bin/python"
        result = subprocess.run(
            [python, "-W", "error", "-c", "import sys; compile(sys.stdin.read(), 'handler.py', 'exec')"],
            input=source, capture_output=True, text=True,
        )
        assert result.returncode == 0, f"Python {version}: {result.stderr}"



def test_every_helper_declares_the_helpers_it_calls() -> None:
    """A helper calling another's function lists it in HELPER_NEEDS, so no handler lacks a definition."""
    from dflow.compiler.helpers import HELPER_NEEDS, HELPER_ORDER

    folder = ROOT / "dflow" / "compiler" / "templates" / "helpers"
    texts = {helper: (folder / f"{helper}.py.j2").read_text() for helper in HELPER_ORDER}
    owner = {name: helper for helper, text in texts.items() for name in re.findall(r"^def (\w+)", text, re.M)}
    for helper, text in texts.items():
        called = set(re.findall(r"(?<![\w.])(\w+)\(", text))
        needs = {owner[name] for name in called if owner.get(name, helper) != helper}
        assert needs <= set(HELPER_NEEDS.get(helper, ())), f"{helper} calls helpers it does not declare: {needs}"
