"""Version 2, 10.7 and durations of 10.6: conditional values, comprehensions, the function library.

Each expression is compiled into a handler and evaluated on the SDK's local
runner; the expected values are what the language reference says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dflow.compiler.pipeline import compile_text
from dflow.language.diagnostics import FlowError
from dflow.local.execute import execute
from tests.test_runtime_corners import load

INPUT = {
    "name": "Ada",
    "tags": ["alpha", "beta", "axe"],
    "start": "2026-12-01T18:25:03Z",
    "meta": {"a": 1, "b": 2},
    "zoned": "2026-12-01T20:25:03+02:00",
}
HEADER = """flow exprs
input
  name: string
  tags: list of string
  start: string
  meta: map
  zoned: string
"""
CASES: list[tuple[str, Any]] = [
    ('if len(input.tags) > 2 then "many" else "few"', "many"),
    ('if false then 1 else if true then 2 else 3', 2),
    ("(if true then 1 else 2) + 10", 11),
    ('[upper(t) for t in input.tags if starts_with(t, "a")]', ["ALPHA", "AXE"]),
    ("[n * 2 for n in range(0, 3)]", [0, 2, 4]),
    ("[[p, p * 10] for p in [1, 2] if p > 1]", [[2, 20]]),
    ('join(input.tags, ", ")', "alpha, beta, axe"),
    ('join([1, "a", null], "-")', "1-a-null"),
    ('starts_with(input.name, "A")', True),
    ('ends_with(input.name, "z")', False),
    ('split("a,b,,c", ",")', ["a", "b", "", "c"]),
    ('replace("banana", "an", "_")', "b__a"),
    ('trim("  x y \\n")', "x y"),
    ('matches("invoice-2026.pdf", "invoice-*.pdf")', True),
    ('matches("invoice-2026.pdf", "invoice-????.pdf")', True),
    ('matches("invoice-2026.pdf.exe", "invoice-*.pdf")', False),
    ('matches("a.b", "a?b")', True),
    ('matches("a+b", "a+b")', True),
    ('text([1, "é", { k: null }])', '[1, "é", {"k": null}]'),
    ('text("as is")', "as is"),
    ('"tags: {input.tags}"', 'tags: ["alpha", "beta", "axe"]'),
    ('[number("12"), number(" 2.5 "), number("-3")]', [12, 2.5, -3]),
    ('to_json({ a: "é", b: [1, true] })', '{"a": "é", "b": [1, true]}'),
    ('from_json("{{\\"a\\": [1, 2]}}")', {"a": [1, 2]}),
    ('[base64_encode("héllo"), base64_decode("aMOpbGxv")]', ["aMOpbGxv", "héllo"]),
    ('hash("abc")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("range(2, 5)", [2, 3, 4]),
    ("range(3, 3)", []),
    ("chunks([1, 2, 3, 4, 5], 2)", [[1, 2], [3, 4], [5]]),
    ('unique([3, 1, 3, { a: 1 }, { a: 1 }, "x"])', [3, 1, {"a": 1}, "x"]),
    ("flatten([[1], [2, 3], [], 4])", [1, 2, 3, 4]),
    ('[sort([3, 1, 2]), sort(["b", "a"])]', [[1, 2, 3], ["a", "b"]]),
    ("reverse([1, 2, 3])", [3, 2, 1]),
    ("[first([7, 8]), last([7, 8]), first([]), last([])]", [7, 8, None, None]),
    ("[keys(input.meta), values(input.meta)]", [["a", "b"], [1, 2]]),
    ("merge(input.meta, { b: 20, c: 3 }, { c: 30 })", {"a": 1, "b": 20, "c": 30}),
    ('pick(input.meta, "b", "zz")', {"b": 2}),
    ('omit(input.meta, "a")', {"b": 2}),
    ("[abs(-2), abs(2.5), floor(2.7), ceil(2.1), floor(-2.5)]", [2, 2.5, 2, 3, -3]),
    ('[type_of("x"), type_of(1), type_of(1.5), type_of(true), type_of([]), type_of({}), type_of(null)]',
     ["string", "number", "number", "boolean", "list", "map", "null"]),
    ("[2 days, 1 hour + 30 minutes, -2 days]", [172800, 5400, -172800]),
    ("shift(input.start, -2 days)", "2026-11-29T18:25:03Z"),
    ("shift(input.zoned, 90)", "2026-12-01T18:26:33Z"),
    ("seconds_between(input.start, shift(input.start, 1 hour))", 3600),
    ("seconds_between(input.zoned, input.start)", 0),
    ("seconds_between(input.start, shift(input.start, 2 hours)) > 1 hour", True),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """Every case evaluated in one handler, on the local runner."""
    values = ", ".join(expression for expression, _ in CASES)
    module = load(f"{HEADER}return [{values}]\n", tmp_path_factory.mktemp("exprs"), "exprs")
    outcome = execute(module, INPUT, {}, timeout_seconds=30)
    assert outcome.status == "succeeded", outcome.error_message
    result: list[Any] = outcome.result
    return result


@pytest.mark.parametrize("index", range(len(CASES)), ids=[expression for expression, _ in CASES])
def test_each_expression_has_the_value_the_reference_gives(results: list[Any], index: int) -> None:
    assert results[index] == CASES[index][1]


def test_a_comprehensions_variable_is_seen_only_inside_it() -> None:
    with pytest.raises(FlowError) as error:
        compile_text("flow f\nset xs = [x for x in [1]]\nreturn x\n", "f.flow")
    assert error.value.diagnostics[0].code == "DF261"


def test_a_comprehensions_variable_cannot_hide_a_name() -> None:
    with pytest.raises(FlowError) as error:
        compile_text("flow f\nset x = 1\nreturn [x for x in [1]]\n", "f.flow")
    assert error.value.diagnostics[0].code == "DF224"


@pytest.mark.parametrize("call", ["now()", "new_id()", "random(1, 6)"])
def test_a_built_in_step_inside_an_expression_is_an_error(call: str) -> None:
    with pytest.raises(FlowError) as error:
        compile_text(f"flow f\nset x = {call}\n", "f.flow")
    assert error.value.diagnostics[0].code == "DF272"


def test_functions_compile_to_plain_python_never_eval(tmp_path: Path) -> None:
    values = ", ".join(expression for expression, _ in CASES)
    source = compile_text(f"{HEADER}return [{values}]\n", "exprs.flow").handler_source
    assert "eval(" not in source and "exec(" not in source and "import dflow" not in source
