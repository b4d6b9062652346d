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


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(flowgen.flows())
def test_every_value_the_parser_builds_has_the_models_own_type_in_random_flows(text: str) -> None:
    try:
        flow = parse_flow(text)
    except FlowError:
        return
    assert _needs_converting(flow) == []


def test_a_flow_parsed_with_the_validators_built_is_the_same_as_one_parsed_without() -> None:
    # `Model.model_construct` validates once a class's validator is built (the language server
    # builds them all); the objects must not differ from those pydantic's construct gives.
    import subprocess
    import sys

    script = (
        "import pickle, sys\n"
        "from dflow.language.grammar.parse import parse_flow\n"
        "from dflow.language import model as m\n"
        "text = open(sys.argv[1]).read()\n"
        "cold = parse_flow(text)\n"
        "m.build_validators()\n"
        "warm = parse_flow(text)\n"
        "assert m.Step.__pydantic_complete__\n"
        "print(cold == warm, repr(cold) == repr(warm), cold.model_fields_set == warm.model_fields_set)\n"
    )
    for path in [ROOT / "examples" / "vending" / "vending.flow", ROOT / "tests" / "flows" / "tricky.flow"]:
        result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, cwd=ROOT)
        assert result.stdout.split() == ["True", "True", "True"], result.stderr
