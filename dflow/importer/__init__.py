"""`dflow import`: AWS Step Functions state machines become flows, with their actions' stubs.

ASL (JSON or YAML) → `machine.Machine` → the flow's text (`writer.py`, with
the state graph's shape from `graph.py` and the data's from `dataflow.py`) →
checked and formatted through `dflow.language`, like any flow. What cannot
be said yet is a `TODO(import)` line (`todos.py`); names follow `names.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dflow.importer.env import Findings
from dflow.importer.machine import Machine, MachineError, Region, load_machine
from dflow.importer.names import snake
from dflow.importer.tasks import Action, classify

__all__ = ["Imported", "MachineError", "import_machine"]


@dataclass
class Imported:
    files: dict[str, str]  # file name → text: NAME.flow, child flows, NAME_actions.py
    flows: list[str]
    todos: list[Any] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    actions: dict[str, Action] = field(default_factory=dict)  # by ASL state name


def import_machine(text: str, source_name: str, flow_name: str,
                   substitutions: dict[str, str] | None = None) -> Imported:
    """The flows and stubs for one machine; raises `MachineError` for a file that is not one."""
    from dflow.importer.assemble import write_machine

    machine = load_machine(text, source_name)
    actions = name_actions(machine.top)
    return write_machine(machine, source_name, flow_name, substitutions or {}, actions)


def name_actions(region: Region) -> dict[int, Action]:
    """One action per Task state, in document order; a name already taken gets `_2`, `_3`."""
    found: dict[int, Action] = {}
    taken: set[str] = set()

    def visit(states: dict[str, dict[str, Any]]) -> None:
        for name, state in states.items():
            if state.get("Type") == "Task":
                base = snake(name)
                unique, number = base, 1
                while unique in taken:
                    number += 1
                    unique = f"{base}_{number}"
                taken.add(unique)
                found[id(state)] = Action(unique, name, classify(str(state.get("Resource", ""))))
            for branch in state.get("Branches", []):
                visit(branch["States"])
            processor = state.get("ItemProcessor", state.get("Iterator"))
            if isinstance(processor, dict):
                visit(processor["States"])

    visit(region.states)
    return found


__all__ += ["Findings", "Machine"]
