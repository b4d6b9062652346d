"""Imported machines do what the machines do: each drawn machine run by ASL's rules and, imported, on the runner.

tests/asl_fuzz.py draws the machines and holds the reference interpreter;
`python tests/asl_fuzz.py --machines 300` is the long job (`--jsonata` imports
each machine's JSONata twin, tests/asl_fuzz_jsonata.py). Seed 58 is a loop
inside a loop whose way out goes back to the outer loop's start; seed 1000 a
parallel inside a branch; seed 1020 a loop in an item left towards several
places (the item's end, a later state).
"""

from __future__ import annotations

import pytest

from dflow.local.testing import quiet_logs
from tests.asl_fuzz import REFUSED, check_seed, draw_machine, imported_flow


@pytest.mark.parametrize("seed", [*range(10), 58, 1000, 1020])
def test_an_imported_machine_ends_as_the_machine_does_on_each_input(seed: int) -> None:
    refused = len(REFUSED)
    with quiet_logs():
        assert check_seed(seed) == []
    assert REFUSED[refused:] == []


@pytest.mark.parametrize("seed", range(100, 105))
def test_an_imported_jsonata_machine_ends_as_its_jsonpath_twin_does(seed: int) -> None:
    """The same machines said in JSONata (`Output`, `Condition`, `$states.errorOutput`…): the same endings."""
    refused = len(REFUSED)
    with quiet_logs():
        assert check_seed(seed, jsonata=True) == []
    assert REFUSED[refused:] == []


def test_the_drawn_machines_hold_every_shape_the_importer_writes_as_blocks() -> None:
    """The seeds above are worth running: between them, each shape the drawing knows appears."""
    flows = "\n".join(imported_flow(draw_machine(seed)) for seed in [*range(10), 58, 1000, 1020])
    for shape in ("repeat until", "for each", "parallel", "on failure", "if not ", "else if", "fail Caught",
                  "_failed = true", "set output = output", "_way_out ==", "branch_state_2"):
        assert shape in flows, shape
