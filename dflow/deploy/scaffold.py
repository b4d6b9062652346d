"""`dflow new`: a project a developer can start from, made from `skeleton/`.

The skeleton is the vending example laid out as a project: the flow and its
scenarios in `flows/`, the actions package in `src/`, tests, a `pyproject.toml`
whose `[tool.dflow]` table says where everything goes, and a README with the
next commands. Files ending in `.tmpl` are filled in with `string.Template`
(`$name`, `$runtime`); `gitignore` becomes `.gitignore`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from string import Template

from dflow.deploy.settings import DEFAULT_RUNTIME

SKELETON = Path(__file__).with_name("skeleton")
RENAMED = {"gitignore": ".gitignore"}


class ScaffoldError(Exception):
    """The folder cannot hold a new project; the message says why."""


def project_name(folder: Path) -> str:
    """A distribution name (PEP 508) from the folder's name: `My Shop` → `my-shop`."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", folder.resolve().name).strip("-").lower()
    return name or "flows"


def skeleton_files(name: str, runtime: str = DEFAULT_RUNTIME) -> dict[str, str]:
    """Every file of a new project, by path relative to its folder."""
    files: dict[str, str] = {}
    for path in sorted(SKELETON.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(SKELETON).as_posix()
        text = path.read_text(encoding="utf-8")
        if relative.endswith(".tmpl"):
            relative = relative.removesuffix(".tmpl")
            text = Template(text).substitute(name=name, runtime=runtime)
        files[RENAMED.get(relative, relative)] = text
    return files


def create_project(folder: Path, runtime: str = DEFAULT_RUNTIME) -> list[str]:
    """Write a new project into `folder` (missing or empty; `.` and a link to one do); returns the files written.

    The files are written into a temporary folder first, so a failure leaves
    nothing half made: beside a new folder, then renamed into place; inside an
    empty one (the current folder, or the one a link leads to), then moved up.
    """
    target = folder.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        kind = "a file" if not target.is_dir() else "not empty"
        raise ScaffoldError(f"{folder} is {kind}; give `dflow new` a new or empty folder")
    files = skeleton_files(project_name(folder), runtime)
    existing = target.is_dir()
    home = target if existing else target.parent
    home.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=home))
    moved: list[Path] = []
    try:
        staging.chmod(0o755)
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if not existing:
            staging.rename(target)
            return list(files)
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
            moved.append(target / entry.name)
        staging.rmdir()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for entry in moved:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
        raise
    return list(files)
