"""The flows whose compiled output is pinned in tests/golden, and how to regenerate it.

Regenerate after an intended change (or a black upgrade) with:

    python tests/golden_cases.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "vending": ROOT / "examples" / "vending" / "vending.flow",
    "tricky": ROOT / "tests" / "flows" / "tricky.flow",
}
UPDATE_COMMAND = "python tests/golden_cases.py"


def regenerate() -> None:
    from dflow.cli import main

    for name, flow in CASES.items():
        assert main(["compile", str(flow), "-o", str(GOLDEN / name)]) == 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
