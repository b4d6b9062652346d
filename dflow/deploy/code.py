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


class PackageError(Exception):
    """An actions package holds something that must not be deployed: a link out of it."""


def actions_packages(flows: list[m.Flow], actions_dir: Path) -> tuple[list[ActionsPackage], list[tuple[m.Flow, Diagnostic]]]:
    """Every top-level package the flows' `actions` lines name, found under `actions_dir`.

    Only a Python package (a folder) or module (`NAME.py`) counts: a file that
    merely has the module's name (`credentials`) is never deployed.
    """
    found: dict[str, ActionsPackage] = {}
    missing: list[tuple[m.Flow, Diagnostic]] = []
    for flow in flows:
        for actions in flow.actions:
            top = actions.module.split(".")[0]
            if top in found:
                continue
            package, module = actions_dir / top, actions_dir / f"{top}.py"
            for candidate in (package, module):
                if candidate.is_dir() if candidate is package else candidate.is_file():
                    found[top] = ActionsPackage(top, candidate)
                    break
            else:
                message = f"the actions module `{actions.module}` is not in {actions_dir}"
                hint = f"put the package `{top}` in {actions_dir}, or set `actions` in [tool.dflow] to the folder it is in"
                missing.append((flow, Diagnostic("DF705", message, actions.span, hint=hint)))
    return sorted(found.values(), key=lambda package: package.name), missing


# One PEP 508 requirement: a name, then extras, versions, a URL or markers on the same line.
REQUIREMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\s*[\[(<>=!~;@][^\r\n\x00-\x1f]*)?")


def is_requirement(dependency: str) -> bool:
    """Whether the text is one PEP 508 requirement, and nothing pip would read as an option or a second line."""
    return REQUIREMENT.fullmatch(dependency.strip()) is not None


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
    """The files of an actions package, by path relative to the code folder.

    Caches, tests and hidden files (`.env`, `.git/`, `.venv/`) stay behind; a
    link that leads out of the package raises `PackageError`, since what it
    points at, anywhere on the machine, would be deployed.
    """
    root = package.path.resolve()
    if package.path.is_file():
        _refuse_link_out(package.path, package.path.parent.resolve())
        return {package.path.name: package.path.read_bytes()}
    files: dict[str, bytes] = {}
    for path in sorted(package.path.rglob("*")):
        relative = path.relative_to(package.path.parent)
        if any(part in SKIPPED or part.startswith(".") for part in relative.parts):
            continue
        if path.name.endswith(SKIPPED_SUFFIXES):
            continue
        _refuse_link_out(path, root)
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def _refuse_link_out(path: Path, root: Path) -> None:
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise PackageError(f"{path} is a link to {path.resolve()}, outside the package: it is not deployed")


def written_by_dflow(folder: Path) -> bool:
    """Whether `dflow build` wrote this folder (its requirements.txt says so), so it may replace it."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        with (folder / "requirements.txt").open(encoding="utf-8") as file:
            return file.read(len(REQUIREMENTS_HEADER)) == REQUIREMENTS_HEADER
    except (OSError, UnicodeDecodeError):
        return False


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
        _remove(retired)
        if folder.exists() or folder.is_symlink():
            folder.rename(retired)
        staging.rename(folder)
        _remove(retired)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _remove(path: Path) -> None:
    """A retired folder, or a link left where one was: gone, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _make_folders(folder: Path, root: Path) -> None:
    missing: list[Path] = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        path.chmod(FOLDER_MODE)
