"""`dflow test`: every scenario of the `*.scenarios.yaml` files, reported like pytest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from dflow.cli.files import Commands
from dflow.cli.words import DIM, GREEN, RED, paint

if TYPE_CHECKING:  # loaded with the command, not with the command line
    from dflow.language.diagnostics import Diagnostic


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "test",
        help="run the scenarios of *.scenarios.yaml files on the local runner",
        description="Run every scenario (input, mocked actions, callback answers, expectations) "
        "and report `N passed, N failed`. Exit 1 when any fails.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="scenario files or folders (default: the project's flows, or this folder)",
    )
    parser.add_argument("--junit-xml", type=Path, metavar="FILE", help="also write the results as JUnit XML for CI")
    parser.add_argument("--mock-all", action="store_true", help="mock every action: an action without a mock is an error")
    parser.add_argument("--actions-path", type=Path, metavar="DIR", help="where the actions modules are")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """`dflow test`: every scenario of every scenario file, then `N passed, N failed`."""
    from dflow.local.execute import RunnerMissing, runner_class
    from dflow.local.testing import ScenarioResult, junit_xml

    try:
        runner_class()
    except RunnerMissing as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    if not args.paths:
        _project_defaults(args)
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


def _project_defaults(args: argparse.Namespace) -> None:
    """In a project (`[tool.dflow]`), its flows and actions; elsewhere this folder."""
    from dflow.deploy.settings import project_at

    project = project_at(Path("."))  # unusable settings are `dflow build`'s to report
    if project is None:
        args.paths = [Path(".")]
        return
    args.paths = [project.path(project.settings.flows)]
    args.actions_path = args.actions_path or project.path(project.settings.actions)


def _run_file(path: Path, args: argparse.Namespace) -> list[Any]:
    from dflow.cli.report import emit
    from dflow.language.reading import check_text
    from dflow.language.reading import FileReport
    from dflow.local.scenarios import ScenarioError, actions_path_of, flow_path, load_scenarios
    from dflow.local.testing import ScenarioResult, run_file

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
    actions_path = args.actions_path or actions_path_of(path, file)
    from dflow.cli.report import format_diagnostic

    def describe(diagnostic: Diagnostic) -> str:
        return format_diagnostic(diagnostic, str(flow_file), source, colour=False)

    return run_file(path, file, flow, (flow_file, describe), actions_path, args.mock_all)


def _print_result(result: Any, colour: bool) -> None:
    if result.passed:
        print(f"  {paint('PASSED', GREEN, colour)}  {result.scenario} {paint(f'({result.seconds:.2f} s)', DIM, colour)}")
        return
    print(f"  {paint('FAILED', RED, colour)}  {result.scenario} {paint(f'({result.seconds:.2f} s)', DIM, colour)}")
    for text in ([result.error] if result.error else result.mismatches):
        for line in text.splitlines():
            print(f"          {line}")


def _scenario_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.scenarios.yaml")) if path.is_dir() else [path])
    return files
