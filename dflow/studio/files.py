"""The flows under the served folder: listed, read with a version, saved atomically, never outside it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from dflow.compiler.write import write_atomically

FLOW_SUFFIXES = (".flow", ".flow.yaml", ".flow.yml")
SKIPPED_FOLDERS = {".git", ".venv", "node_modules", "__pycache__", "build", ".aws-sam", ".tools"}


class OutsideRoot(Exception):
    """A path that is not a flow inside the served folder."""


class ChangedOnDisk(Exception):
    """The file changed since the page opened it; saving would lose those changes."""

    def __init__(self, version: str) -> None:
        super().__init__("the file changed on disk since it was opened")
        self.version = version


@dataclass(frozen=True)
class Served:
    """What `dflow studio PATH` serves: a folder of flows, or one flow (then its folder, that flow only)."""

    root: Path
    only: Path | None = None

    @staticmethod
    def of(path: Path) -> Served:
        resolved = path.resolve()
        return Served(resolved.parent, resolved) if resolved.is_file() else Served(resolved)

    def flows(self) -> list[str]:
        """Every flow, as a path relative to the root with `/` separators, sorted."""
        if self.only is not None:
            return [self.only.name]
        found: list[str] = []
        for folder, folders, names in os.walk(self.root):
            # Never into virtual environments, caches or builds: a project's .venv holds thousands of files.
            folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith(".")]
            for name in names:
                if name.endswith(FLOW_SUFFIXES):
                    found.append((Path(folder) / name).relative_to(self.root).as_posix())
        return sorted(found)

    def resolve(self, relative: str) -> Path:
        """The flow `relative` names, if it is inside the root (links followed)."""
        if not relative or "\0" in relative or relative.startswith(("/", "\\")):
            raise OutsideRoot(relative)
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or not path.name.endswith(FLOW_SUFFIXES):
            raise OutsideRoot(relative)
        if self.only is not None and path != self.only:
            raise OutsideRoot(relative)
        return path


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    return text, version_of(text)


def save(path: Path, text: str, opened_version: str | None) -> str:
    """Write atomically; refuse (`ChangedOnDisk`) when the file is not the version the page opened."""
    if path.exists():
        current = version_of(path.read_text(encoding="utf-8"))
        if opened_version is not None and current != opened_version:
            raise ChangedOnDisk(current)
    write_atomically(path, text)
    return version_of(text)
