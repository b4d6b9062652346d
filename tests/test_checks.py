"""Semantic checks: one clear diagnostic, at the right place, for each mistake."""

from __future__ import annotations

import pytest

from dflow.language.checks.flow import check_flow
from dflow.language.diagnostics import Diagnostic, FlowError
from dflow.language.grammar.parse import parse_flow

HEADER = "flow f\nactions shop.actions\ninput\n  n: integer\n"


def errors_of(body: str) -> list[Diagnostic]:
    try:
        flow = parse_flow(HEADER + body)
    except FlowError as error:
        return error.diagnostics
    return [d for d in check_flow(flow) if d.is_error]


@pytest.mark.parametrize(
    ("body", "code", "line", "words"),
    [
        ("step a = x()\nstep a = y()\n", "DF220", 6, "already defined on line 5"),
        ("if input.n > 1\n  step a = x()\nreturn a\n", "DF262", 7, "not defined on every path"),
        ("return nope\n", "DF261", 5, "unknown name `nope`"),
        ("return input.nn\n", "DF263", 5, "did you mean `input.n`"),
        ("return 1\nstep x()\n", "DF301", 6, "can never run"),
        ("step billing.charge()\n", "DF241", 5, "not the alias"),
        ("wait 0 seconds\n", "DF202", 5, "a wait must be from 1 second"),
        ("wait 1.5 seconds\n", "DF201", 5, "not a whole number of seconds"),
        ("fail ValueError \"x\"\n", "DF230", 5, "cannot be used as an error name"),
        ("step each = x()\n", "DF221", 5, "word of the language"),
        ("return lenn(input.n)\n", "DF270", 5, "did you mean `len`"),
        ("invoke r = \"my fn\" with {}\n", "DF285", 5, "not a Lambda function name"),
        ("parallel p\n  tolerate 2 failures\n  branch a\n    step x()\n", "DF282", 5, "more than the 1 branches"),
        ("parallel p\n  branch a\n    step x()\nreturn p.b\n", "DF264", 8, "no branch `b`"),
        ("for each i in [1]\n  as r\n", "DF017", 5, "for each ITEM in LIST as NAME"),
        ("for each i in [1] as r\n  return i\n", "DF310", 6, "cannot end the flow"),
        ("poll j = f() every 1 minute until j.done\n  max 0 times\n", "DF280", 5, "at least 1"),
    ],
)
def test_each_mistake_gets_one_error_at_its_line(body: str, code: str, line: int, words: str) -> None:
    errors = errors_of(body)
    assert [(e.code, e.span.line if e.span else None) for e in errors] == [(code, line)]
    assert words in errors[0].message + " " + (errors[0].hint or "")


def test_a_name_defined_in_every_arm_is_defined_after_the_if() -> None:
    body = "if input.n > 1\n  step a = x()\nelse\n  step a = y()\nreturn a\n"
    assert errors_of(body) == []


def test_a_callback_whose_timeout_path_returns_is_defined_after_it() -> None:
    body = "wait for p = ask()\n  on timeout\n    return 0\nreturn p.answer\n"
    assert errors_of(body) == []


def test_sibling_blocks_may_reuse_a_name() -> None:
    body = "if input.n > 1\n  step audit()\n  return 1\nstep audit()\n"
    assert errors_of(body) == []
