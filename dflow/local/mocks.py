"""Mocked actions: what a scenario says an action returns or raises, attempt by attempt."""

from __future__ import annotations

import types
from typing import Any

from dflow.local.scenarios import Behaviour

_ERRORS: dict[str, type[Exception]] = {}


class MockAction:
    """Stands in for one action: each call takes the next behaviour; the last one repeats."""

    def __init__(self, name: str, behaviours: list[Behaviour], real_module: types.ModuleType | None) -> None:
        self.name = name
        self.plan = [b for b in behaviours for _ in range(b.times)]
        self.real_module = real_module
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **arguments: Any) -> Any:
        behaviour = self.plan[min(len(self.calls), len(self.plan) - 1)]
        self.calls.append(arguments)
        if behaviour.raises is not None:
            raise self._error(behaviour.raises)
        return behaviour.returns

    def _error(self, text: str) -> Exception:
        """`ErrorName: message` → an exception of that class (the actions module's own if it has one)."""
        name, _, message = text.partition(":")
        name = name.strip()
        real = getattr(self.real_module, name, None) if self.real_module else None
        cls = real if isinstance(real, type) and issubclass(real, Exception) else error_class(name)
        return cls(message.strip() or f"{self.name} failed ({name})")


def error_class(name: str) -> type[Exception]:
    """An exception class with this name, made once per process."""
    if name not in _ERRORS:
        _ERRORS[name] = type(name, (Exception,), {"__module__": "scenario"})
    return _ERRORS[name]
