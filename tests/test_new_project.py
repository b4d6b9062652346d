"""`dflow new`: a project a developer can start from, which passes its own scenarios and tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dflow.cli import main as dflow
from dflow.deploy.scaffold import SKELETON, project_name

ROOT = Path(__file__).resolve().parents[1]
VENDING = ROOT / "examples" / "vending"


def test_a_new_project_has_the_flow_its_actions_scenarios_tests_settings_and_a_readme(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    assert dflow(["new", str(project)]) == 0

    written = sorted(path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file())
    assert written == [
        ".gitignore", "README.md", "flows/vending.flow", "flows/vending.scenarios.yaml", "pyproject.toml",
        "src/vending/__init__.py", "src/vending/actions.py", "tests/test_vending.py",
    ]
    settings = tomllib.loads((project / "pyproject.toml").read_text())
    assert settings["project"]["name"] == "shop"
    assert settings["tool"]["dflow"] == {
        "flows": "flows", "actions": "src", "build": "build", "runtime": "python3.14", "callbacks": {"auth": "iam"},
    }
    readme = (project / "README.md").read_text()
    for command in ("dflow test", "dflow build", "sam build -t build/template.yaml", "sam deploy --guided"):
        assert command in readme
    assert "build/code/" in (project / ".gitignore").read_text()


def test_the_runtime_option_is_written_into_the_settings(tmp_path: Path) -> None:
    assert dflow(["new", str(tmp_path / "shop"), "--runtime", "python3.13"]) == 0
    assert 'runtime = "python3.13"' in (tmp_path / "shop" / "pyproject.toml").read_text()


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert dflow(["new", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    assert dflow(["new", str(tmp_path / "shop")]) == 0
    assert (tmp_path / "shop" / "flows" / "vending.flow").is_file()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_a_bad_runtime_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert dflow(["new", str(tmp_path / "shop"), "--runtime", "node22"]) == 2
    assert "python3.N" in capsys.readouterr().err
    assert not (tmp_path / "shop").exists()


def test_the_project_name_is_a_distribution_name() -> None:
    assert project_name(Path("/x/My Shop")) == "my-shop"
    assert project_name(Path("/x/orders_v2")) == "orders-v2"


def test_the_skeleton_is_the_vending_example() -> None:
    """One example, two places: the skeleton must not drift from examples/vending."""
    assert (SKELETON / "flows" / "vending.flow").read_text() == (VENDING / "vending.flow").read_text()
    assert (SKELETON / "src" / "vending" / "actions.py").read_text() == (VENDING / "vending" / "actions.py").read_text()
    example = (VENDING / "vending.scenarios.yaml").read_text().split("scenarios:", 1)[1]
    assert (SKELETON / "flows" / "vending.scenarios.yaml").read_text().split("scenarios:", 1)[1] == example


def test_dflow_test_in_a_new_project_runs_its_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dflow(["new", str(tmp_path / "shop")]) == 0
    monkeypatch.chdir(tmp_path / "shop" / "src")  # anywhere inside the project
    assert dflow(["test"]) == 0
    assert "7 passed, 0 failed" in capsys.readouterr().out


def test_the_new_projects_own_tests_pass(tmp_path: Path) -> None:
    assert dflow(["new", str(tmp_path / "shop")]) == 0
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path / "shop", capture_output=True, text=True, env=environment, timeout=300,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "3 passed" in finished.stdout


def test_a_new_project_passes_mypy_strict(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    assert dflow(["new", str(project)]) == 0
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "--explicit-package-bases", "--follow-imports=silent", "src/vending", "tests"],
        cwd=project, capture_output=True, text=True, env={**os.environ, "MYPYPATH": f"src{os.pathsep}{ROOT}"}, timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
