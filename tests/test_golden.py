"""The generated text is pinned: a change to it is a reviewed change to these files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_cases import CASES, GOLDEN, UPDATE_COMMAND, produce


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_the_golden_files(case: str, tmp_path: Path) -> None:
    produce(case, tmp_path)
    expected = sorted(path.name for path in (GOLDEN / case).iterdir())
    assert sorted(path.name for path in tmp_path.iterdir()) == expected
    for name in expected:
        actual = (tmp_path / name).read_text(encoding="utf-8")
        golden = (GOLDEN / case / name).read_text(encoding="utf-8")
        assert actual == golden, f"{case}/{name} changed; if intended, run: {UPDATE_COMMAND}"
