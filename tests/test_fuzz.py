"""A few hundred mutated flows in every test run; `python tests/fuzz.py` runs ten thousand."""

from __future__ import annotations

from tests import fuzz


def test_mutated_flows_end_in_diagnostics_or_code_never_a_traceback() -> None:
    result = fuzz.run(cases=300, seed=20261127)
    assert result.cases == 300
    assert result.crashes == [], result.crashes[0][1]
    assert result.rejected > 100 and result.compiled > 10


def test_flows_drawn_from_the_grammar_end_in_diagnostics_or_code_never_a_traceback() -> None:
    result = fuzz.run_grammar(cases=150, seed=20261202)
    assert result.cases == 150
    assert result.crashes == [], result.crashes[0][0] + "\n" + result.crashes[0][1]
    assert result.compiled > 0  # the layout makes some of them real flows
