"""What `dflow build` will write, decided before anything is written.

`plan_build` takes the compiled flows and the project's settings and returns
every file and folder of the SAM application, or the problems that stop it,
each pointing into the flow or the `pyproject.toml` it comes from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dflow.compiler.pipeline import CompiledFlow
from dflow.compiler.sam import TemplateError
from dflow.deploy import application, code
from dflow.deploy.merge import merge_template
from dflow.deploy.settings import CallbackSettings, FunctionSettings, Project
from dflow.language.diagnostics import Diagnostic, did_you_mean, point

TEMPLATE = "template.yaml"
STATE = ".dflow-template.json"
CALLBACKS_SOURCE = Path(__file__).with_name("callbacks.py")


@dataclass(frozen=True)
class Problem:
    """A finding in one file: the flow or the project's `pyproject.toml`."""

    path: Path
    source: str | None
    diagnostic: Diagnostic


@dataclass
class BuildPlan:
    build_dir: Path
    folders: dict[Path, dict[str, bytes]]
    template_text: str
    state_text: str
    notes: list[str] = field(default_factory=list)
    functions: list[application.FlowFunction] = field(default_factory=list)

    @property
    def template_path(self) -> Path:
        return self.build_dir / TEMPLATE

    @property
    def state_path(self) -> Path:
        return self.build_dir / STATE


class BuildRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.diagnostic.message for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class BuildOptions:
    """The settings of one build: the project's, with the command line's on top."""

    build_dir: Path
    actions_dir: Path
    runtime: str
    callbacks: CallbackSettings


def plan_build(project: Project, compiled: list[tuple[Path, CompiledFlow]], options: BuildOptions) -> BuildPlan:
    """Every output of the build; raises `BuildRefused` with every problem found."""
    problems = _settings_problems(project, compiled)
    flows = [result.flow for _, result in compiled]
    packages, missing = code.actions_packages(flows, options.actions_dir)
    paths = {result.flow.name.text: path for path, result in compiled}
    for flow, diagnostic in missing:
        path = paths[flow.name.text]
        problems.append(Problem(path, text_of(path), diagnostic))
    if problems:
        raise BuildRefused(problems)
    functions = [
        application.FlowFunction(result.flow, project.settings.functions.get(result.flow.name.text, FunctionSettings()))
        for _, result in compiled
    ]
    generated = application.template(functions, options.runtime, options.callbacks, _description(project))
    code_files = {result.handler_name: result.handler_source.encode("utf-8") for _, result in compiled}
    for package in packages:
        code_files.update(code.package_files(package))
    code_files["requirements.txt"] = code.requirements(project.dependencies).encode("utf-8")
    folders = {options.build_dir / application.CODE_FOLDER: dict(sorted(code_files.items()))}
    if any(application.waits_for_callbacks(function.flow) for function in functions):
        folders[options.build_dir / application.CALLBACKS_FOLDER] = {
            f"{application.CALLBACKS_MODULE}.py": CALLBACKS_SOURCE.read_bytes(),
            "requirements.txt": code.callback_requirements().encode("utf-8"),
        }
    template_path = options.build_dir / TEMPLATE
    hint = "fix the template, or move it away and build again to get a new one"
    try:
        current = template_path.read_text(encoding="utf-8") if template_path.exists() else None
    except UnicodeDecodeError as error:
        message = f"this is not UTF-8 text (byte {error.start + 1})"
        raise BuildRefused([Problem(template_path, None, Diagnostic("DF708", message, None, hint=hint))]) from None
    try:
        merged = merge_template(current, generated, _previous(options.build_dir / STATE))
    except TemplateError as error:
        where = point(error.line, error.column) if error.line and error.column else None
        raise BuildRefused([Problem(template_path, current, Diagnostic("DF708", error.message, where, hint=hint))]) from None
    state = json.dumps(generated, indent=1, sort_keys=True) + "\n"
    return BuildPlan(options.build_dir, folders, merged.text, state, merged.notes, functions)


def _settings_problems(project: Project, compiled: list[tuple[Path, CompiledFlow]]) -> list[Problem]:
    """`[tool.dflow.functions.NAME]` tables that name no flow, or repeat what a flow already says."""
    problems: list[Problem] = []
    flows = {result.flow.name.text: result.flow for _, result in compiled}

    def problem(diagnostic: Diagnostic) -> None:
        problems.append(Problem(project.pyproject, project.pyproject_text, diagnostic))

    for name, settings in project.settings.functions.items():
        flow = flows.get(name)
        if flow is None:
            guess = did_you_mean(name, set(flows))
            hint = f"did you mean `{guess}`?" if guess else f"the flows are: {', '.join(sorted(flows)) or 'none'}"
            problem(project.diagnostic(("functions", name), f"there is no flow `{name}` to apply these settings to", hint, "DF704"))
            continue
        if settings.memory is not None and flow.memory_mb is not None:
            problem(project.diagnostic(("functions", name, "memory"), f"the flow `{name}` already says `memory {flow.memory_mb} MB`",
                                       "keep one of the two: the flow's `memory` line or this setting", "DF706"))
        if settings.timeout is not None and flow.invocation_timeout is not None:
            problem(project.diagnostic(("functions", name, "timeout"), f"the flow `{name}` already has an `invocation timeout`",
                                       "keep one of the two: the flow's `invocation timeout` line or this setting", "DF706"))
        reserved = sorted(key for key in settings.environment if key.startswith("AWS_") or key == "CALLBACK_AUTH")
        if reserved:
            problem(project.diagnostic(("functions", name, "environment"), f"`{reserved[0]}` is set by Lambda or dflow and cannot be set here",
                                       "choose another name for the variable", "DF707"))
    return problems


def text_of(path: Path) -> str | None:
    """The file's text, or None when it is missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _previous(state: Path) -> dict[str, Any] | None:
    """What the last build wrote; None when there is no usable record."""
    try:
        loaded = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _description(project: Project) -> str:
    return f"Durable functions compiled by dflow from {project.settings.flows}/ of {project.root.name}"
