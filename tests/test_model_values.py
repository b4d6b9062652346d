"""The `.flow` parser builds its model without pydantic's validation: what it builds needs none.

The transformer calls `model_construct`, which keeps each value as given, so a lark
`Token` or an `int` where the model says `float` would stay one, where validation
would have converted it (a `Token`'s repr differs from its text's, and generated
code is written from these values). These tests walk every node the parser builds
and check that each value already has the type the model declares.
"""

from __future__ import annotations

import typing
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from dflow.language.diagnostics import FlowError
from dflow.language.grammar.parse import parse_flow
from tests import flowgen
from tests.golden_cases import ROOT


def _needs_converting(node: object, where: str = "flow") -> list[str]:
    """Every value in a model that validation would have converted, with where it is."""
    found: list[str] = []
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            value = getattr(node, name)
            allowed = typing.get_args(field.annotation) or (field.annotation,)
            if type(value) is int and float in allowed and int not in allowed:
                found.append(f"{where}.{name}: an int where the model says float")
            if type(value) is bool and int in allowed and bool not in allowed:
                found.append(f"{where}.{name}: a bool where the model says int")
            found += _needs_converting(value, f"{where}.{name}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _needs_converting(item, f"{where}[{index}]")
    elif isinstance(node, (tuple, dict, set)):
        found.append(f"{where}: a {type(node).__name__} where the model holds lists and nodes")
    elif isinstance(node, str) and type(node) is not str:
        found.append(f"{where}: a {type(node).__name__}, not a plain str")
    return found


def _flow_files() -> list[Path]:
    skipped = {".venv", "node_modules", ".git"}
    return sorted(path for path in ROOT.rglob("*.flow") if not skipped & set(path.parts))


def test_every_value_the_parser_builds_has_the_models_own_type_in_every_flow_of_the_project() -> None:
    parsed = 0
    for path in _flow_files():
        try:
            flow = parse_flow(path.read_text())
        except FlowError:
            continue  # a bad flow kept to test its error
        parsed += 1
        assert _needs_converting(flow) == [], path
    assert parsed > 40


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(flowgen.flows())
def test_every_value_the_parser_builds_has_the_models_own_type_in_random_flows(text: str) -> None:
    try:
        flow = parse_flow(text)
    except FlowError:
        return
    assert _needs_converting(flow) == []
