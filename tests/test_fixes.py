"""Suggested edits are data: every "did you mean" carries its fix, and applying it mends that mistake.

The studio's one-click fixes (and tomorrow the language server's code
actions) read `Diagnostic.fix`, never the words of a hint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dflow.language.diagnostics import Diagnostic, Fix
from dflow.language.reading import check_text
from dflow.studio.analysis import analyse

BAD_FLOWS = Path(__file__).resolve().parent / "bad_flows"
# A hint that names what to write without a place to write it: the alias of a call (`billing.charge`).
NO_PLACE = {"DF241"}


def apply(text: str, fix: Fix) -> str:
    lines = text.split("\n")
    line = lines[fix.span.line - 1]
    lines[fix.span.line - 1] = line[: fix.span.column - 1] + fix.replacement + line[fix.span.end_column - 1:]
    return "\n".join(lines)


def diagnostics_of(path: Path) -> list[Diagnostic]:
    return check_text(path.read_text(), path.name)[1]


SUGGESTING = [
    (path, diagnostic)
    for path in sorted([*BAD_FLOWS.glob("*.flow"), *BAD_FLOWS.glob("*.flow.yaml")])
    for diagnostic in diagnostics_of(path)
    if "did you mean" in (diagnostic.hint or "") and diagnostic.code not in NO_PLACE
]


def test_there_are_did_you_mean_diagnostics_to_prove_it_on() -> None:
    assert len({d.code for _, d in SUGGESTING}) >= 6


@pytest.mark.parametrize(("path", "diagnostic"), SUGGESTING, ids=[f"{p.name}:{d.code}" for p, d in SUGGESTING])
def test_every_did_you_mean_carries_a_fix_that_mends_the_mistake(path: Path, diagnostic: Diagnostic) -> None:
    if diagnostic.hint and "did you mean `" not in diagnostic.hint and 'did you mean "' not in diagnostic.hint:
        pytest.skip("the hint suggests words, not text to write")
    assert diagnostic.fix is not None, diagnostic
    mended = apply(path.read_text(), diagnostic.fix)
    after = check_text(mended, path.name)[1]
    assert not [d for d in after if d.code == diagnostic.code and d.span == diagnostic.span], after


def test_the_studio_sends_the_fix_as_the_diagnostic_carries_it() -> None:
    text = 'flow f\n\ninput\n  order_id: string\n\nreturn input.ordr_id\n'
    (diagnostic,) = analyse(text, "f.flow")["diagnostics"]
    assert diagnostic["fix"] == {"label": "use input.order_id", "insert": "input.order_id",
                                 "span": {"line": 6, "column": 8, "end_line": 6, "end_column": 21}}
