"""`dflow import`: AWS Step Functions state machines become flows, with their actions' stubs.

ASL (JSON or YAML) → `machine.Machine` → the flow's text (`writer.py`, with
the state graph's shape from `graph.py` and the data's from `dataflow.py`) →
checked and formatted through `dflow.language`, like any flow. What cannot
be said yet is a `TODO(import)` line (`todos.py`); names follow `names.py`.
"""

from __future__ import annotations

from dflow.importer.assemble import Imported, ImporterBug, write_machine
from dflow.importer.machine import MachineError, load_machine
from dflow.importer.tasks import name_actions

__all__ = ["Imported", "ImporterBug", "MachineError", "import_machine"]


def import_machine(text: str, source_name: str, flow_name: str,
                   substitutions: dict[str, str] | None = None) -> Imported:
    """The flows and stubs for one machine; raises `MachineError` for a file that is not one."""
    machine = load_machine(text, source_name)
    return write_machine(machine, source_name, flow_name, substitutions or {}, name_actions(machine.top))
