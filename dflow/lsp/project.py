"""Where a flow's actions modules live, and what they hold: probed once per project in a separate process."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from dflow.actions.check import probe
from dflow.deploy.settings import project_at


def actions_path_for(flow_path: Path) -> Path:
    """The folder actions are imported from: the project's `[tool.dflow] actions`, else the flow's own folder."""
    project = project_at(flow_path.parent)
    if project is not None:
        return project.root / project.settings.actions
    return flow_path.parent


class Probes:
    """What each actions folder's modules hold, kept until a Python file is saved."""

    def __init__(self) -> None:
        self._found: dict[tuple[Path, tuple[str, ...]], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def modules(self, actions_path: Path, modules: list[str]) -> dict[str, Any]:
        key = (actions_path, tuple(modules))
        with self._lock:
            if key in self._found:
                return self._found[key]
        found = probe(modules, actions_path)  # a separate process: a project's import never runs here
        with self._lock:
            self._found[key] = found
        return found

    def forget(self) -> None:
        with self._lock:
            self._found.clear()
