"""The whole path with AWS's own tools: `dflow new` → `dflow build` → `sam validate --lint` → `sam build`,
then the function `sam build` packaged runs on the SDK's local runner.

The SAM CLI is installed from PyPI into `.tools/sam` (its pins clash with the
test environment's, so it gets its own) on first use, which takes about a
minute; `pytest -m "not sam"` leaves these tests out. `.ci/run` runs them.
`sam build` needs the runtime's Python on PATH: python3.13 where the machine
has it (pyenv's included), else the Python running the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from dflow.cli import main as dflow

ROOT = Path(__file__).resolve().parents[1]
SAM_VERSION = "1.170.0"
TOOLS = ROOT / ".tools" / f"sam-{SAM_VERSION}"
HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.sam


@pytest.fixture(scope="module")
def sam() -> Path:
    """The `sam` command, installed once into .tools/ (as .ci/run's machine has no SAM CLI)."""
    command = TOOLS / "bin" / "sam"
    if not command.exists():
        shutil.rmtree(TOOLS, ignore_errors=True)
        venv.create(TOOLS, with_pip=True)
        installed = subprocess.run(
            [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", f"aws-sam-cli=={SAM_VERSION}"],
            capture_output=True, text=True, timeout=900,
        )
        if installed.returncode != 0:
            shutil.rmtree(TOOLS, ignore_errors=True)
            pytest.fail(f"could not install the SAM CLI from PyPI:\n{installed.stderr[-2000:]}")
    return command


def runtime_python() -> tuple[str, Path]:
    """A Lambda runtime this machine can build for, and the folder its `pythonX.Y` is in."""
    found = shutil.which("python3.13")
    pyenv = Path.home() / ".pyenv" / "versions"
    candidates = sorted(pyenv.glob("3.13.*/bin/python3.13")) if pyenv.is_dir() else []
    for candidate in ([Path(found)] if found else []) + candidates:
        probe = subprocess.run([str(candidate), "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return "python3.13", candidate.parent
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return version, Path(sys.executable).parent


def run_sam(sam: Path, arguments: list[str], cwd: Path, python_folder: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",  # no network but the package registries
        "PATH": f"{python_folder}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run([str(sam), *arguments], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def test_a_new_project_builds_validates_and_runs_as_sam_packaged_it(sam: Path, tmp_path: Path) -> None:
    runtime, python_folder = runtime_python()
    project = tmp_path / "shop"
    assert dflow(["new", str(project)]) == 0
    assert dflow(["build", "--project", str(project), "--runtime", runtime]) == 0

    validated = run_sam(sam, ["validate", "--lint", "-t", "build/template.yaml"], project, python_folder)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = run_sam(sam, ["build", "-t", "build/template.yaml"], project, python_folder)
    assert built.returncode == 0, built.stdout + built.stderr

    function = project / ".aws-sam" / "build" / "VendingFunction"
    ran = subprocess.run(
        [sys.executable, str(HERE / "run_built_function.py"), str(function)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout.strip().splitlines()[-1])
    assert outcome["status"] == "SUCCEEDED"
    assert outcome["result"] == {"status": "dispensed", "order_id": "o-1"}
    # The handler and the durable SDK are the copies `sam build` packaged, not the test's.
    assert outcome["sdk"].startswith(str(function.resolve()))
    assert outcome["handler"].startswith(str(function.resolve()))
    assert (project / ".aws-sam" / "build" / "VendingCallbacksFunction" / "dflow_callbacks.py").is_file()


def test_a_hand_added_policy_survives_a_rebuild_and_the_template_stays_valid(sam: Path, tmp_path: Path) -> None:
    runtime, python_folder = runtime_python()
    project = tmp_path / "shop"
    assert dflow(["new", str(project)]) == 0
    assert dflow(["build", "--project", str(project)]) == 0
    template = project / "build" / "template.yaml"
    policy = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy\n"
    text = template.read_text()
    text = text.replace(policy, policy + "        - DynamoDBCrudPolicy:   # added by hand\n            TableName: !Ref OrdersTable\n", 1)
    text = text.replace("Outputs:\n", "  OrdersTable:\n    Type: AWS::Serverless::SimpleTable\nOutputs:\n")
    template.write_text(text)
    (project / "flows" / "vending.flow").write_text((project / "flows" / "vending.flow").read_text().replace("timeout 1 day", "timeout 2 days"))

    assert dflow(["build", "--project", str(project)]) == 0

    rebuilt = template.read_text()
    assert "- DynamoDBCrudPolicy:   # added by hand" in rebuilt and "ExecutionTimeout: 172800" in rebuilt
    validated = run_sam(sam, ["validate", "--lint", "-t", "build/template.yaml"], project, python_folder)
    assert validated.returncode == 0, validated.stdout + validated.stderr
