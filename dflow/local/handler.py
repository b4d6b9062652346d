"""Compile a flow in memory and load its handler, with some actions replaced by mocks.

The generated module is executed with an `__import__` that hands it stand-ins
for its actions modules: mocked functions replace the real ones, everything
else is the real module's. Neither the actions module nor the generated code
is changed.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dflow.compiler.pipeline import compile_flow
from dflow.language import model as m

ImportFunction = Callable[..., Any]


class ActionsStandIn(types.ModuleType):
    """A module whose attributes are the real module's, except the mocked ones."""

    def __init__(
        self,
        real: types.ModuleType | None,
        mocks: dict[str, Callable[..., Any]],
        mock_all: bool,
        recorder: list[ActionCall] | None = None,
    ) -> None:
        super().__init__(real.__name__ if real else "mocked_actions")
        self._real = real
        self._mocks = mocks
        self._mock_all = mock_all
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._mocks:
            action = self._mocks[name]
        elif self._mock_all or self._real is None:
            raise NotMockedError(f"the action `{name}` has no mock (--mock-all is on)")
        else:
            action = getattr(self._real, name)
        return self._recording(name, action) if self._recorder is not None and callable(action) else action

    def _recording(self, name: str, action: Callable[..., Any]) -> Callable[..., Any]:
        """The action, noting each call's keyword arguments first (scenarios expect them)."""
        recorder = self._recorder
        assert recorder is not None

        @functools.wraps(action)
        def recorded(*args: Any, **kwargs: Any) -> Any:
            recorder.append(ActionCall(name, dict(kwargs)))
            return action(*args, **kwargs)

        return recorded


@dataclass(frozen=True)
class ActionCall:
    """One call of an action during a local run: its name and keyword arguments."""

    action: str
    arguments: dict[str, Any]


class NotMockedError(Exception):
    """An action was called that the scenario does not mock, with every action mocked."""


@contextmanager
def actions_on_path(actions_path: Path | None) -> Iterator[None]:
    """Make the actions modules importable from `actions_path` for the duration."""
    if actions_path is None:
        yield
        return
    folder = actions_path.resolve()
    before = dict(sys.modules)
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
        _forget_modules_from(folder, before)


def _forget_modules_from(folder: Path, before: dict[str, types.ModuleType]) -> None:
    """Put back every module a run replaced, and forget those it imported from `folder`.

    A program that runs flows in its own process (a test suite, the studio)
    keeps its own copy of a package of the same name (`vending`) working
    after the run, instead of finding the run's copy in its place.
    """
    for name, module in list(sys.modules.items()):
        if name in before:
            sys.modules[name] = before[name]  # a run's fresh import of the same module
            continue
        file = getattr(module, "__file__", None) or ""
        if file and Path(file).resolve().is_relative_to(folder):
            del sys.modules[name]
    for name, module in before.items():
        sys.modules.setdefault(name, module)
        # Importing `vending.actions` afresh also set the attribute `actions` of
        # the package `vending`, which `from vending import actions` reads.
        parent, _, child = name.rpartition(".")
        if parent and getattr(before.get(parent), child, module) is not module:
            setattr(before[parent], child, module)


def fresh_actions(flow: m.Flow) -> None:
    """Forget the flow's actions modules, so the next import starts them from a clean slate."""
    for actions in flow.actions:
        sys.modules.pop(actions.module, None)


def load_handler(
    flow: m.Flow,
    source_name: str,
    mocks: dict[str, Callable[..., Any]] | None = None,
    mock_all: bool = False,
    recorder: list[ActionCall] | None = None,
) -> types.ModuleType:
    """The generated handler module, executed in memory as `NAME_handler`.

    With `recorder`, every call of an action is appended to it as it happens.
    """
    compiled = compile_flow(flow, [], source_name)
    module_name = compiled.handler_name.removesuffix(".py")
    module = types.ModuleType(module_name)
    module.__file__ = f"<dflow:{compiled.handler_name}>"
    stand_ins = {
        actions.module: _stand_in(actions.module, mocks or {}, mock_all, recorder) for actions in flow.actions
    }
    namespace_builtins = dict(vars(builtins))
    namespace_builtins["__import__"] = _importer(stand_ins, builtins.__import__)
    module.__dict__["__builtins__"] = namespace_builtins
    # The SDK names error types after their module, so the module must be importable by name.
    sys.modules[module_name] = module
    exec(compile(compiled.handler_source, module.__file__, "exec"), module.__dict__)  # noqa: S102
    return module


def _stand_in(
    module_name: str, mocks: dict[str, Callable[..., Any]], mock_all: bool, recorder: list[ActionCall] | None
) -> ActionsStandIn:
    try:
        real: types.ModuleType | None = importlib.import_module(module_name)
    except ImportError:
        if not mock_all:
            raise
        real = None
    return ActionsStandIn(real, mocks, mock_all, recorder)


def _importer(stand_ins: dict[str, ActionsStandIn], real_import: ImportFunction) -> ImportFunction:
    """`__import__` that answers the actions modules' names with their stand-ins."""
    tree = _package_tree(stand_ins)

    def import_(name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        if level == 0 and name.split(".")[0] in tree:
            node: Any = tree[name.split(".")[0]]
            if not fromlist:
                return node
            for part in name.split(".")[1:]:
                node = getattr(node, part)
            return node
        return real_import(name, globals_, locals_, fromlist, level)

    return import_


def _package_tree(stand_ins: dict[str, ActionsStandIn]) -> dict[str, Any]:
    """Packages as namespaces leading to each stand-in: `vending` → `.actions`."""
    roots: dict[str, Any] = {}
    for dotted, stand_in in stand_ins.items():
        parts = dotted.split(".")
        if len(parts) == 1:
            roots[parts[0]] = stand_in
            continue
        node = roots.setdefault(parts[0], types.SimpleNamespace())
        for part in parts[1:-1]:
            if not hasattr(node, part):
                setattr(node, part, types.SimpleNamespace())
            node = getattr(node, part)
        setattr(node, parts[-1], stand_in)
    return roots
