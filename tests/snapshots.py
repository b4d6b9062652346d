"""The expected `dflow check` output of every flow in tests/bad_flows, kept beside it.

Regenerate after an intended change to a message with:

    python tests/snapshots.py
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD_FLOWS = ROOT / "tests" / "bad_flows"
UPDATE_COMMAND = "python tests/snapshots.py"


def check_output(flow: Path) -> str:
    """What `dflow check` prints for a flow, with the path relative to the repository."""
    from dflow.cli import main

    stream = io.StringIO()
    with contextlib.redirect_stderr(stream), contextlib.chdir(ROOT):
        main(["check", str(flow.relative_to(ROOT))])
    return stream.getvalue()


def regenerate() -> None:
    for flow in bad_flows():
        expected_path(flow).write_text(check_output(flow), encoding="utf-8")


def bad_flows() -> list[Path]:
    return sorted([*BAD_FLOWS.glob("*.flow"), *BAD_FLOWS.glob("*.flow.yaml")])


def expected_path(flow: Path) -> Path:
    """`x.flow` → `x.expected`; `x.flow.yaml` → `x.yaml.expected`."""
    stem = flow.name.removesuffix(".flow.yaml").removesuffix(".flow")
    return flow.with_name(stem + (".yaml" if flow.name.endswith(".yaml") else "") + ".expected")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
