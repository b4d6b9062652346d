"""The folders Lambda runs: the flows' handlers with their actions packages, and the callback endpoint.

Each folder is written whole into a temporary folder beside it and then put in
place, so a failed build leaves the last good one. Files are world-readable
(0644, folders 0755) whatever the umask: Lambda reads them as another user.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dflow.compiler.target import BOTO3_REQUIREMENT, SDK_REQUIREMENT
from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic

FILE_MODE = 0o644
FOLDER_MODE = 0o755
# Never copied into a deployment: caches, tests and editors' leftovers.
SKIPPED = ("__pycache__", "tests", ".pytest_cache", ".mypy_cache")
SKIPPED_SUFFIXES = (".pyc", ".pyo", "~", ".swp")
REQUIREMENTS_HEADER = "# Written by `dflow build`: what the handlers need besides the Lambda runtime.\n"


@dataclass(frozen=True)
class ActionsPackage:
    """A top-level module the flows import actions from, and where it lives."""

    name: str
    path: Path  # a package folder or a single module file


def actions_packages(flows: list[m.Flow], actions_dir: Path) -> tuple[list[ActionsPackage], list[tuple[m.Flow, Diagnostic]]]:
    """Every top-level package the flows' `actions` lines name, found under `actions_dir`."""
    found: dict[str, ActionsPackage] = {}
    missing: list[tuple[m.Flow, Diagnostic]] = []
    for flow in flows:
        for actions in flow.actions:
            top = actions.module.split(".")[0]
            if top in found:
                continue
            for candidate in (actions_dir / top, actions_dir / f"{top}.py"):
                if candidate.exists():
                    found[top] = ActionsPackage(top, candidate)
                    break
            else:
                message = f"the actions module `{actions.module}` is not in {actions_dir}"
                hint = f"put the package `{top}` in {actions_dir}, or set `actions` in [tool.dflow] to the folder it is in"
                missing.append((flow, Diagnostic("DF705", message, actions.span, hint=hint)))
    return sorted(found.values(), key=lambda package: package.name), missing


def requirements(project_dependencies: list[str]) -> str:
    """The durable SDK the handlers were generated for, then the project's own dependencies (not dflow)."""
    lines = [SDK_REQUIREMENT]
    for dependency in project_dependencies:
        name = re.split(r"[\s\[<>=!~;@(]", dependency.strip(), maxsplit=1)[0]
        if name and name.lower().replace("_", "-") not in ("dflow", "aws-durable-execution-sdk-python"):
            lines.append(dependency.strip())
    return REQUIREMENTS_HEADER + "\n".join(lines) + "\n"


def callback_requirements() -> str:
    return REQUIREMENTS_HEADER + BOTO3_REQUIREMENT + "\n"


def package_files(package: ActionsPackage) -> dict[str, bytes]:
    """The files of an actions package, by path relative to the code folder."""
    if package.path.is_file():
        return {package.path.name: package.path.read_bytes()}
    files: dict[str, bytes] = {}
    for path in sorted(package.path.rglob("*")):
        relative = path.relative_to(package.path.parent)
        if any(part in SKIPPED for part in relative.parts) or path.name.endswith(SKIPPED_SUFFIXES):
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def folder_is_current(folder: Path, files: dict[str, bytes]) -> bool:
    """True when the folder holds exactly these files with these contents."""
    if not folder.is_dir():
        return False
    on_disk = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    return on_disk == set(files) and all((folder / name).read_bytes() == content for name, content in files.items())


def write_folder(folder: Path, files: dict[str, bytes]) -> bool:
    """Replace `folder` with exactly these files; False when it already held them."""
    if folder_is_current(folder, files):
        return False
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        staging.chmod(FOLDER_MODE)
        for name, content in files.items():
            target = staging / name
            _make_folders(target.parent, staging)
            target.write_bytes(content)
            target.chmod(FILE_MODE)
        retired = folder.parent / f".{folder.name}.old"
        shutil.rmtree(retired, ignore_errors=True)
        if folder.exists():
            folder.rename(retired)
        staging.rename(folder)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _make_folders(folder: Path, root: Path) -> None:
    missing: list[Path] = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        path.chmod(FOLDER_MODE)
