"""`dflow build`: every flow of a project → a SAM application ready for `sam build && sam deploy`."""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dflow.cli.files import Commands, compile_all, flow_files
from dflow.cli.words import count_of

if TYPE_CHECKING:
    from dflow.deploy.plan import BuildPlan, Problem
    from dflow.deploy.settings import Project

NEXT_STEPS = "next: sam validate --lint -t {t} && sam build -t {t} && sam deploy --guided"
# The oldest SAM CLI dflow's own tests build with; 1.148 and 1.153 refuse `DurableConfig`.
SAM_MINIMUM = (1, 170, 0)


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "build",
        help="compile a project's flows into a SAM application (template.yaml, code, callback endpoint)",
        description="Run in a project made by `dflow new` (or any folder whose pyproject.toml has a "
        "[tool.dflow] table). Compiles every flow and writes the SAM application into the build "
        "folder: template.yaml with one function per flow, code/ with the handlers, the actions "
        "packages and requirements.txt, and callbacks/ for flows that wait for callbacks. What you "
        "add to template.yaml is kept. Options override the [tool.dflow] settings.",
    )
    parser.add_argument("--project", type=Path, default=Path("."), metavar="DIR", help="the project folder (default: here or above)")
    parser.add_argument("-o", "--output", type=Path, metavar="DIR", help="the build folder (default: [tool.dflow] build)")
    parser.add_argument("--flows", type=Path, metavar="DIR", help="where the flows are (default: [tool.dflow] flows)")
    parser.add_argument("--actions", type=Path, metavar="DIR", help="where the actions packages are (default: [tool.dflow] actions)")
    parser.add_argument("--runtime", metavar="NAME", help="the Lambda runtime, e.g. python3.13 (default: [tool.dflow] runtime, python3.14)")
    parser.add_argument("--callback-auth", choices=("iam", "secret"), help="how the callback endpoint knows its callers")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the build folder is out of date (for CI)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.deploy.plan import BuildOptions, BuildRefused, plan_build
    from dflow.deploy.settings import CallbackSettings, RUNTIME

    project = load_project_or_say_why(args.project)
    if project is None:
        return 2
    settings = project.settings
    flows_dir = args.flows or project.path(settings.flows)
    runtime = args.runtime or settings.runtime
    if not RUNTIME.fullmatch(runtime):
        print(f"dflow: --runtime {runtime}: Lambda's Python runtimes are named python3.N, e.g. python3.14", file=sys.stderr)
        return 2
    files = flow_files([flows_dir]) if flows_dir.is_dir() else []
    if not files:
        print(f"dflow: no flows in {flows_dir}; put .flow files there or set `flows` in [tool.dflow]", file=sys.stderr)
        return 2
    results = compile_all(files, None)
    if results is None:
        return 1
    compiled = [(report.path, result) for report, result in results]
    outside = _outside_the_project(project, args)
    if outside:
        print(f"dflow: {outside}", file=sys.stderr)
        return 2
    if args.output is not None and not _inside(project.root, args.output):
        print(f"note: building outside the project, in {args.output.resolve()} (-o)", file=sys.stderr)
    options = BuildOptions(
        build_dir=args.output or project.path(settings.build),
        actions_dir=args.actions or project.path(settings.actions),
        runtime=runtime,
        callbacks=CallbackSettings(auth=args.callback_auth or settings.callbacks.auth),
    )
    try:
        plan = plan_build(project, compiled, options)
    except BuildRefused as refused:
        _print_problems(refused.problems)
        print("the build stopped; nothing was written", file=sys.stderr)
        return 1
    for note in plan.notes + _runtime_notes(args.runtime, settings.runtime, runtime):
        print(f"note: {note}", file=sys.stderr)
    return _check(plan, args.runtime) if args.check else _write(plan, len(compiled))


def _runtime_notes(given: str | None, setting: str, runtime: str) -> list[str]:
    """What a person needs to know before `sam build`: a one-off runtime, a missing interpreter, an old SAM CLI."""
    import shutil

    notes = []
    if given is not None and given != setting:
        notes.append(f"--runtime {given} is for this build only; the next build uses {setting} from "
                     f"[tool.dflow]: set runtime = \"{given}\" there to keep it")
    if shutil.which(runtime) is None:
        notes.append(f"`sam build` needs {runtime}, which this machine does not have: set runtime = "
                     f"\"python3.N\" in [tool.dflow] once for a Python you have, or run `sam build --use-container`")
    version = _sam_version()
    if version is not None and version < SAM_MINIMUM:
        wanted = ".".join(map(str, SAM_MINIMUM))
        notes.append(f"the SAM CLI here is {'.'.join(map(str, version))}, which does not know DurableConfig: install "
                     f"{wanted} or later in its own environment (pipx install 'aws-sam-cli>={wanted}')")
    return notes


def _sam_version() -> tuple[int, ...] | None:
    """The `sam` on the PATH's version, or None when there is none (or it does not say)."""
    import re
    import shutil
    import subprocess

    sam = shutil.which("sam")
    if sam is None:
        return None
    try:
        said = subprocess.run([sam, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", said)
    return tuple(int(part) for part in found.groups()) if found else None


def _outside_the_project(project: Project, args: argparse.Namespace) -> str | None:
    """Why the settings' build or actions folder is refused: it is outside the project, or a link leads out.

    A checkout someone else wrote could otherwise name `build = "../.."` and have
    `dflow build` replace folders anywhere, or `actions = "../../.aws"` and
    deploy a person's keys. `-o` and `--actions`, typed by the person, may point anywhere.
    """
    settings = project.settings
    folders = [("build", settings.build, args.output), ("actions", settings.actions, args.actions)]
    for key, written, given in folders:
        if given is None and not _inside(project.root, project.path(written)):
            where = project.path(written).resolve()
            return (f"`{key} = \"{written}\"` in [tool.dflow] leads outside the project, to {where}; "
                    f"dflow build reads and writes only inside the project: "
                    + ("use `-o DIR` to build elsewhere" if key == "build" else "use `--actions DIR` for another folder"))
    return None


def _inside(root: Path, path: Path) -> bool:
    """Whether the path, once every link is followed, is the project folder or below it."""
    return path.resolve().is_relative_to(root.resolve())


def load_project_or_say_why(start: Path) -> Project | None:
    """The project at or above `start`, or None after printing why there is none."""
    from dflow.cli.report import print_diagnostics
    from dflow.deploy.settings import SettingsError, find_project, load_project

    root = find_project(start)
    if root is None:
        print(
            f"dflow: no pyproject.toml with a [tool.dflow] table in {start.resolve()} or above; "
            "start a project with `dflow new DIR`, or add a [tool.dflow] table",
            file=sys.stderr,
        )
        return None
    try:
        return load_project(root)
    except SettingsError as error:
        print_diagnostics(error.diagnostics, str(error.path), error.text)
        return None


def _print_problems(problems: list[Problem]) -> None:
    from dflow.cli.report import print_diagnostics

    for problem in problems:
        print_diagnostics([problem.diagnostic], str(shown(problem.path)), problem.source)


def _check(plan: BuildPlan, runtime: str | None) -> int:
    from dflow.deploy.code import folder_is_current
    from dflow.deploy.plan import TEMPLATE, text_of

    stale = [folder for folder, files in plan.folders.items() if not folder_is_current(folder, files)]
    if text_of(plan.template_path) != plan.template_text:
        stale.append(plan.build_dir / TEMPLATE)
    for path in stale:
        print(f"out of date: {shown(path)}", file=sys.stderr)
    if stale:
        again = f"dflow build --runtime {runtime}" if runtime else "dflow build"
        print(f"run `{again}` to update them (a build made with another --runtime is out of date too: "
              "set `runtime` in [tool.dflow] to keep one)", file=sys.stderr)
        return 1
    print(f"{shown(plan.build_dir)} is up to date")
    return 0


def _write(plan: BuildPlan, flows: int) -> int:
    from dflow.compiler.write import write_atomically
    from dflow.deploy.application import waits_for_callbacks
    from dflow.deploy.code import write_folder
    from dflow.deploy.plan import text_of

    changed = [folder for folder, files in plan.folders.items() if write_folder(folder, files)]
    for path, text in ((plan.template_path, plan.template_text), (plan.state_path, plan.state_text)):
        if text_of(path) != text:
            write_atomically(path, text)
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o444)  # readable by sam and CI users
            changed.append(path)
    template = shown(plan.template_path)
    functions = flows + sum(1 for function in plan.functions if waits_for_callbacks(function.flow))
    print(
        f"built {count_of(flows, 'flow')} into {shown(plan.build_dir)}: {plan.template_path.name} with "
        f"{count_of(functions, 'function')}, {count_of(len(changed), 'part')} changed"
    )
    print(NEXT_STEPS.format(t=template))
    return 0


def shown(path: Path) -> Path:
    """The path as the user would type it: relative to here when it is below here."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


