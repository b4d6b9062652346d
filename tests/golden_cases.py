"""The flows whose outputs are pinned in tests/golden, and how to regenerate them.

For each case, tests/golden/CASE/ holds what the real CLI writes: the compiled
handler and SAM snippet and, for the examples, the Mermaid diagram and the
docs page. Regenerate after an intended change (or a black upgrade) with:

    python tests/golden_cases.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"
CASES = {
    "vending": EXAMPLES / "vending" / "vending.flow",
    "travel_booking": EXAMPLES / "travel_booking" / "travel_booking.flow",
    "order_fulfilment": EXAMPLES / "order_fulfilment" / "order_fulfilment.flow",
    "document_pipeline": EXAMPLES / "document_pipeline" / "document_pipeline.flow",
    "subscription_renewal": EXAMPLES / "subscription_renewal" / "subscription_renewal.flow",
    "order_import": EXAMPLES / "order_import" / "order_import.flow",
    "tricky": ROOT / "tests" / "flows" / "tricky.flow",
    "nested": ROOT / "tests" / "flows" / "nested.flow",
}
UPDATE_COMMAND = "python tests/golden_cases.py"

# `dflow import` of each Step Functions machine of the corpus: tests/golden/imported/CASE/.
CORPUS = ROOT / "tests" / "corpus" / "asl"
IMPORTED = {
    path.name.removesuffix(".asl.json").replace("-", "_"): path for path in sorted(CORPUS.glob("*.asl.json"))
}


def produce_imported(case: str, folder: Path) -> None:
    """What `dflow import` writes for one machine (with its mock config and input, where it has them)."""
    from dflow.cli import main

    machine = IMPORTED[case]
    extra: list[str] = []
    mock_config = machine.with_name(machine.name.replace(".asl.json", ".mock-config.json"))
    if mock_config.is_file():
        extra += ["--mock-config", str(mock_config), "--input", str(machine.with_name(
            machine.name.replace(".asl.json", ".input.json")))]
    assert main(["import", str(machine), "--name", case, "-o", str(folder), "--force", *extra]) == 0


def produce(case: str, folder: Path) -> None:
    """Write every pinned output of one case into `folder`, through the CLI."""
    from dflow.cli import main

    flow = CASES[case]
    assert main(["compile", str(flow), "-o", str(folder), "--no-cache"]) == 0
    if flow.is_relative_to(EXAMPLES):
        assert main(["graph", str(flow), "-o", str(folder / f"{case}.mmd")]) == 0
        assert main(["docs", str(flow), "-o", str(folder / f"{case}.md")]) == 0


def regenerate() -> None:
    for case in CASES:
        produce(case, GOLDEN / case)
    for case in IMPORTED:
        produce_imported(case, GOLDEN / "imported" / case)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
