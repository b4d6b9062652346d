"""The flows whose compiled output is pinned in tests/golden, and how to regenerate it.

Regenerate after an intended change (or a black upgrade) with:

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
    "tricky": ROOT / "tests" / "flows" / "tricky.flow",
    "nested": ROOT / "tests" / "flows" / "nested.flow",
}
UPDATE_COMMAND = "python tests/golden_cases.py"


def regenerate() -> None:
    from dflow.cli import main

    for name, flow in CASES.items():
        assert main(["compile", str(flow), "-o", str(GOLDEN / name)]) == 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
