"""Nothing written in a flow becomes code: tricky names and strings survive as data."""

from __future__ import annotations

import json
from typing import Any

from tests.golden_cases import CASES

EXPECTED_ECHO = "\"\"\" + '; import os #{not code} \\n SELECT"


def test_quotes_braces_backslashes_and_keywords_reach_the_runtime_as_data(
    compile_flow: Any, durable_runner: Any
) -> None:
    tricky = compile_flow(CASES["tricky"])
    result = durable_runner(tricky.handler).run(input=json.dumps({"class": "SELECT"}), execution_timeout=30)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {"event": EXPECTED_ECHO, "flow_input": 7}
    assert result.get_step("def").status.value == "SUCCEEDED"


def test_keyword_valued_input_takes_the_branch_with_quoted_keys(
    compile_flow: Any, durable_runner: Any
) -> None:
    tricky = compile_flow(CASES["tricky"])
    result = durable_runner(tricky.handler).run(
        input=json.dumps({"class": "return", "id": 1, "note": "n"}), execution_timeout=30
    )
    assert json.loads(result.result) == {
        'key "quoted"': ["\"\"\" + '; import os #{not code} \\n return", 1, "n"],
        "context": 6,
    }


def test_docstring_keeps_quotes_and_backslashes_as_text(compile_flow: Any) -> None:
    tricky = compile_flow(CASES["tricky"])
    assert tricky.handler.__doc__ == 'Quotes " and """ and a backslash \\ in a docstring'
