"""What `dflow build` will write, decided before anything is written.

`plan_build` takes the compiled flows and the project's settings and returns
every file and folder of the SAM application, or the problems that stop it,
each pointing into the flow or the `pyproject.toml` it comes from.
"""

from __future__ import annotations

import json
import re
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
    problems = _settings_problems(project, compiled) + _lambda_problems(project, compiled)
    flows = [result.flow for _, result in compiled]
    packages, missing = code.actions_packages(flows, options.actions_dir)
    paths = {result.flow.name.text: path for path, result in compiled}
    for flow, diagnostic in missing:
        path = paths[flow.name.text]
        problems.append(Problem(path, text_of(path), diagnostic))
    problems += _foreign_folders(options.build_dir, [application.CODE_FOLDER, application.CALLBACKS_FOLDER])
    if problems:
        raise BuildRefused(problems)
    functions = [
        application.FlowFunction(result.flow, project.settings.functions.get(result.flow.name.text, FunctionSettings()))
        for _, result in compiled
    ]
    generated = application.template(functions, options.runtime, options.callbacks, _description(project))
    code_files = {result.handler_name: result.handler_source.encode("utf-8") for _, result in compiled}
    for package in packages:
        try:
            code_files.update(code.package_files(package))
        except code.PackageError as error:
            hint = "copy the file into the package, or leave it out; only the package itself is deployed"
            problems.append(Problem(project.pyproject, None, Diagnostic("DF710", str(error), None, hint=hint)))
    if problems:
        raise BuildRefused(problems)
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


# Lambda's own variables: a function cannot set them (Lambda's "defined runtime environment variables").
LAMBDA_VARIABLES = frozenset({"_HANDLER", "_X_AMZN_TRACE_ID", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ"})
VARIABLE_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_]+")
LAYER_ARN = re.compile(r"arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[a-zA-Z0-9_-]+:\d+")
MAX_LAYERS = 5
MAX_DESCRIPTION = 256


def _lambda_problems(project: Project, compiled: list[tuple[Path, CompiledFlow]]) -> list[Problem]:
    """Values Lambda refuses at deploy time, found now: each with its line."""
    problems: list[Problem] = []
    for index, dependency in enumerate(project.dependencies):
        if not code.is_requirement(dependency):
            diagnostic = _at(project.pyproject_text, ("project", "dependencies"), "DF711",
                             f"dependency {index + 1} is not one requirement: {dependency[:60]!r}",
                             "write each dependency as one PEP 508 requirement, such as \"boto3>=1.34\"")
            problems.append(Problem(project.pyproject, project.pyproject_text, diagnostic))
    for name, settings in project.settings.functions.items():
        for variable in sorted(settings.environment):
            if variable in LAMBDA_VARIABLES or not VARIABLE_NAME.fullmatch(variable):
                why = "is set by Lambda" if variable in LAMBDA_VARIABLES else \
                    "is not a name Lambda takes (a letter, then letters, digits and `_`)"
                problems.append(Problem(project.pyproject, project.pyproject_text, project.diagnostic(
                    ("functions", name, "environment"), f"`{variable}` {why}", "choose another name for the variable",
                    "DF707")))
        wrong = [layer for layer in settings.layers if not LAYER_ARN.fullmatch(layer)]
        if wrong or len(settings.layers) > MAX_LAYERS:
            message = f"`{wrong[0][:60]}` is not a layer version's ARN" if wrong else \
                f"a function takes at most {MAX_LAYERS} layers, not {len(settings.layers)}"
            problems.append(Problem(project.pyproject, project.pyproject_text, project.diagnostic(
                ("functions", name, "layers"), message,
                "a layer is arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION", "DF712")))
    for path, result in compiled:
        description = result.flow.description or ""
        if len(description) > MAX_DESCRIPTION:
            source = text_of(path) or ""
            found = re.search(r"^(description)\b", source, re.M)
            where = point(source.count("\n", 0, found.start()) + 1, 1, len("description")) if found else None
            diagnostic = Diagnostic("DF713", f"the description is {len(description)} characters; a Lambda function's "
                                    f"takes at most {MAX_DESCRIPTION}", where, hint="shorten it, or move the rest into a comment")
            problems.append(Problem(path, source, diagnostic))
    return problems


def _at(text: str, keys: tuple[str, ...], code_: str, message: str, hint: str) -> Diagnostic:
    from dflow.deploy.settings import locate

    where = locate(text, keys)
    return Diagnostic(code_, message, point(*where) if where else None, hint=hint)


def _foreign_folders(build_dir: Path, names: list[str]) -> list[Problem]:
    """Folders the build would replace that `dflow build` did not write: a person's, left alone."""
    problems = []
    for name in names:
        folder = build_dir / name
        if (folder.exists() or folder.is_symlink()) and not code.written_by_dflow(folder):
            kind = "a link" if folder.is_symlink() else "a folder" if folder.is_dir() else "a file"
            diagnostic = Diagnostic("DF709", f"{folder} is {kind} that `dflow build` did not write; it is left as it is",
                                    None, hint="move it away, or build elsewhere with `-o DIR`")
            problems.append(Problem(folder, None, diagnostic))
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
