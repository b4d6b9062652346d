"""A project's `[tool.dflow]` settings: where its flows, actions and build go, and what each function needs.

```toml
[tool.dflow]
flows = "flows"          # the .flow files
actions = "src"          # the folder the actions packages are imported from
build = "build"          # where `dflow build` writes the SAM application
runtime = "python3.14"   # for flows without a `runtime` line

[tool.dflow.callbacks]
auth = "iam"             # or "secret": a shared-secret header

[tool.dflow.functions.vending]
policies = ["AmazonDynamoDBReadOnlyAccess", { DynamoDBCrudPolicy = { TableName = "orders" } }]
environment = { TABLE = "orders" }
layers = ["arn:aws:lambda:eu-west-1:123456789012:layer:tools:3"]
memory = 1024            # MB
timeout = 120            # seconds, one invocation
```

Every problem is a `Diagnostic` that points into `pyproject.toml`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dflow.language.diagnostics import Diagnostic, did_you_mean, point, source_lines

PYPROJECT = "pyproject.toml"
DEFAULT_RUNTIME = "python3.14"
RUNTIME = re.compile(r"python3\.\d+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FunctionSettings(_Strict):
    """`[tool.dflow.functions.NAME]`: what one flow's function needs besides its handler."""

    policies: list[str | dict[str, Any]] = []
    environment: dict[str, str] = {}
    layers: list[str] = []
    memory: int | None = Field(default=None, ge=128, le=10240)
    timeout: int | None = Field(default=None, ge=1, le=900)


class CallbackSettings(_Strict):
    """`[tool.dflow.callbacks]`: how the callback endpoint knows its callers."""

    auth: Literal["iam", "secret"] = "iam"


class ProjectSettings(_Strict):
    """The `[tool.dflow]` table; paths are relative to the project folder."""

    flows: str = "flows"
    actions: str = "src"
    build: str = "build"
    runtime: str = Field(default=DEFAULT_RUNTIME, pattern=RUNTIME.pattern)
    callbacks: CallbackSettings = CallbackSettings()
    functions: dict[str, FunctionSettings] = {}


class Project(BaseModel):
    """A project folder and its settings, with the pyproject text for pointing at problems."""

    model_config = ConfigDict(frozen=True)

    root: Path
    settings: ProjectSettings
    pyproject_text: str
    dependencies: list[str] = []  # `[project] dependencies`, for the deployed code's requirements

    @property
    def pyproject(self) -> Path:
        return self.root / PYPROJECT

    def path(self, relative: str) -> Path:
        return self.root / relative

    def diagnostic(self, keys: tuple[str, ...], message: str, hint: str | None = None, code: str = "DF703") -> Diagnostic:
        """A finding about the setting `tool.dflow.KEYS`, pointing where it is written."""
        return _diagnostic(self.pyproject_text, ("tool", "dflow", *keys), message, hint, code)


class SettingsError(Exception):
    """`pyproject.toml` has settings dflow cannot use; every finding is a diagnostic."""

    def __init__(self, path: Path, text: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.path = path
        self.text = text
        self.diagnostics = diagnostics


def find_project(start: Path) -> Path | None:
    """The nearest folder from `start` upwards whose `pyproject.toml` has a `[tool.dflow]` table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"^\s*\[\s*tool\.dflow\s*[\].]", text, re.M):
                return folder
    return None


def project_at(start: Path) -> Project | None:
    """The project at or above `start`, quietly: None when there is none or its settings are unusable.

    For tools that only take defaults from a project (`dflow test`, the
    studio); `dflow build` reports unusable settings instead.
    """
    root = find_project(start)
    if root is None:
        return None
    try:
        return load_project(root)
    except SettingsError:
        return None


def load_project(root: Path) -> Project:
    """The project at `root`; raises `SettingsError` for a file dflow cannot use."""
    path = root / PYPROJECT
    text = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(path, text, [_toml_error(str(error))]) from None
    table = document.get("tool", {}).get("dflow", {})
    if not isinstance(table, dict):
        raise SettingsError(path, text, [_diagnostic(text, ("tool",), "`tool.dflow` must be a table")])
    try:
        settings = ProjectSettings.model_validate(table)
    except ValidationError as error:
        raise SettingsError(path, text, [_from_pydantic(text, item) for item in error.errors()]) from None
    dependencies = document.get("project", {}).get("dependencies", [])
    listed = [str(item) for item in dependencies] if isinstance(dependencies, list) else []
    return Project(root=root, settings=settings, pyproject_text=text, dependencies=listed)


def _toml_error(message: str) -> Diagnostic:
    """tomllib says `Expected '=' after a key (at line 3, column 7)`: keep the words, point there."""
    found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    words = message[: found.start()].strip() if found else message
    where = point(int(found.group(1)), int(found.group(2))) if found else None
    return Diagnostic("DF701", f"this is not valid TOML: {words}", where, hint="fix the TOML syntax at the caret")


def _from_pydantic(text: str, item: Any) -> Diagnostic:
    """One pydantic finding in words an engineer reading `pyproject.toml` can act on."""
    keys = tuple(str(part) for part in item["loc"] if not isinstance(part, int))
    keys = tuple(key for key in keys if key not in ("str", "dict[str,any]"))
    kind = item["type"]
    name = ".".join(keys)
    if kind == "extra_forbidden":
        owner = _model_for(keys[:-1])
        known = sorted(owner.model_fields) if owner else []
        guess = did_you_mean(keys[-1], known)
        hint = f"did you mean `{guess}`?" if guess else f"the settings here are: {', '.join(known)}"
        return _diagnostic(text, ("tool", "dflow", *keys), f"unknown setting `{name}`", hint, code="DF702")
    setting = next((key for key in reversed(keys) if key in _EXPECTED), "")
    expected = _EXPECTED.get(setting, item["msg"].lower())
    if setting == "environment" and keys[-1] != "environment":
        expected = "a string"
    message = f"`{name}` must be {expected}, not {_shown(item.get('input'))}"
    return _diagnostic(text, ("tool", "dflow", *keys), message, _HINTS.get(setting), code="DF703")


_EXPECTED = {
    "flows": "a folder, as a string",
    "actions": "a folder, as a string",
    "build": "a folder, as a string",
    "runtime": "a Lambda Python runtime such as \"python3.14\"",
    "auth": "\"iam\" or \"secret\"",
    "policies": "a list of policies: names, ARNs or SAM policy templates",
    "environment": "a table of strings, e.g. { TABLE = \"orders\" }",
    "layers": "a list of layer ARNs",
    "memory": "a whole number of MB from 128 to 10240",
    "timeout": "a whole number of seconds from 1 to 900",
}
_HINTS = {
    "runtime": "Lambda's Python runtimes are named python3.N",
    "memory": "Lambda gives a function 128 MB to 10,240 MB",
    "timeout": "one invocation of a Lambda function lasts at most 15 minutes",
    "environment": "write numbers and booleans in quotes: Lambda's variables are strings",
}


def _model_for(keys: tuple[str, ...]) -> type[BaseModel] | None:
    if not keys:
        return ProjectSettings
    if keys == ("callbacks",):
        return CallbackSettings
    if len(keys) == 2 and keys[0] == "functions":
        return FunctionSettings
    return None


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict) else "a table"
    return text if len(text) <= 40 else text[:37] + "..."


def _diagnostic(text: str, keys: tuple[str, ...], message: str, hint: str | None = None, code: str = "DF703") -> Diagnostic:
    where = locate(text, keys)
    return Diagnostic(code, message, point(*where) if where else None, hint=hint)


def locate(text: str, keys: tuple[str, ...]) -> tuple[int, int, int] | None:
    """Where the setting `keys` (`("tool", "dflow", "functions", "vending", "memory")`) is written.

    tomllib keeps no positions, so the lines are read for table headers and
    `key =` lines: enough for the tables and keys a project writes, and a
    setting it cannot find is reported without a position.
    """
    lines = source_lines(text)
    table: tuple[str, ...] = ()
    best: tuple[int, int, int] | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\](\s*#.*)?", stripped)
        if header:
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            if table == keys:
                return number, line.index("[") + 1, len(stripped.split("]")[0]) + 1
            continue
        assignment = re.match(r"\s*([A-Za-z0-9_\-\".]+)\s*=", line)
        if not assignment:
            continue
        key = tuple(part.strip().strip('"') for part in assignment.group(1).split("."))
        full = table + key
        if table and full == keys[: len(full)]:
            found = (number, assignment.start(1) + 1, len(assignment.group(1)))
            if full == keys:
                return found
            best = best or found
    return best
