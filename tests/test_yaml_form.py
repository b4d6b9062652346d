"""The YAML form: the same model, the same output, lossless conversion, a schema for editors."""

from __future__ import annotations

import re

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from ruamel.yaml import YAML

from dflow.cli import main
from dflow.compiler.pipeline import compile_text, read_flow
from dflow.language.checks.flow import check_flow
from dflow.language.grammar.parse import parse_flow
from dflow.language.text.fmt import meaning
from dflow.language.text.printer import print_flow
from dflow.language.yamlform.document import json_schema
from dflow.language.yamlform.dump import dump_flow
from dflow.language.yamlform.load import load_flow
from dflow.language.yamlform.tidy import format_yaml_flow
from tests.flowgen import flows
from tests.golden_cases import EXAMPLES, ROOT

EXAMPLE_NAMES = [
    "vending", "travel_booking", "order_fulfilment", "document_pipeline", "subscription_renewal", "order_import",
]
SCHEMA = ROOT / "schema" / "dflow-flow.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/dflow-flow.schema.json\n"
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def twin(name: str) -> Path:
    return EXAMPLES / name / f"{name}.flow.yaml"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_example_compiles_to_the_same_bytes_from_both_forms(name: str) -> None:
    flow = EXAMPLES / name / f"{name}.flow"
    from_flow = compile_text(flow.read_text(), flow.name)
    from_yaml = compile_text(twin(name).read_text(), twin(name).name)
    assert without_lines(from_yaml.handler_source) == without_lines(from_flow.handler_source)
    assert from_yaml.sam_source == from_flow.sam_source


def without_lines(source: str) -> str:
    """An ExpressionError names the line of the file the flow was written in; nothing else differs."""
    # Masking the number can change where black wraps the line, so spacing is not compared either.
    return re.sub(r"\s+", "", re.sub(r"([\"'])line \d+: ", r"\1line N: ", source))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_yaml_twin_is_what_convert_writes(name: str) -> None:
    flow = read_flow((EXAMPLES / name / f"{name}.flow").read_text())
    assert twin(name).read_text() == SCHEMA_LINE + dump_flow(flow), f"run: dflow convert … --to yaml for {name}"


def test_the_checked_in_schema_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(SCHEMA.read_text())


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_yaml_twin_validates_against_the_schema(name: str) -> None:
    document = YAML(typ="safe").load(twin(name).read_text())
    jsonschema.validate(document, json_schema())


def test_the_schema_describes_every_key_for_an_analyst() -> None:
    schema = json_schema()
    for definition in [schema, *schema["$defs"].values()]:
        for key, prop in definition.get("properties", {}).items():
            described = "description" in prop or any("description" in alt for alt in prop.get("anyOf", []))
            assert described or key in ("then", "steps", "condition", "type"), f"{definition.get('title')}.{key}"


@PROPERTY
@given(flows())
def test_flow_to_yaml_to_flow_keeps_the_model(text: str) -> None:
    flow = parse_flow(text)
    from_yaml = load_flow(dump_flow(flow))
    assert meaning(from_yaml) == meaning(flow)
    assert meaning(parse_flow(print_flow(from_yaml))) == meaning(flow)


@PROPERTY
@given(flows())
def test_yaml_to_flow_to_yaml_gives_the_same_yaml(text: str) -> None:
    yaml_text = dump_flow(parse_flow(text))
    assert dump_flow(parse_flow(print_flow(load_flow(yaml_text)))) == yaml_text


# Each example compiles twice, through black: 20 keep this test near half a minute of CI. The two
# tests above take 40 random flows through both forms each, without compiling them.
@settings(PROPERTY, max_examples=20)
@given(flows())
def test_both_forms_of_a_random_flow_compile_to_the_same_bytes(text: str) -> None:
    flow = parse_flow(text)
    assume(not any(d.is_error for d in check_flow(flow)))
    from_flow = compile_text(text, "generated.flow")
    from_yaml = compile_text(dump_flow(flow), "generated.flow.yaml")
    assert without_lines(from_yaml.handler_source) == without_lines(from_flow.handler_source)
    assert from_yaml.sam_source == from_flow.sam_source


def test_yaml_fmt_orders_keys_and_keeps_comments() -> None:
    messy = (
        "# top comment\nsteps:\n  - name: r   # the reservation\n    step: \"f(a: 1)\"\n"
        "actions: [pkg.acts]\nflow: x\n"
    )
    formatted = format_yaml_flow(messy)
    assert formatted.index("flow: x") < formatted.index("actions") < formatted.index("steps")
    assert formatted.index("step:") < formatted.index("name: r")
    assert "# top comment" in formatted and "# the reservation" in formatted
    assert format_yaml_flow(formatted) == formatted


def test_convert_both_ways_through_the_cli(tmp_path: Path) -> None:
    yaml_file = tmp_path / "vending.flow.yaml"
    flow_file = tmp_path / "vending.flow"
    assert main(["convert", str(EXAMPLES / "vending" / "vending.flow"), "--to", "yaml", "-o", str(yaml_file)]) == 0
    assert main(["convert", str(yaml_file), "--to", "flow", "-o", str(flow_file)]) == 0
    assert flow_file.read_text() == (EXAMPLES / "vending" / "vending.flow").read_text()


def test_compile_accepts_the_yaml_form_and_names_the_flow_file(tmp_path: Path) -> None:
    assert main(["compile", str(twin("vending")), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "vending_handler.py").read_text().startswith(
        "# Generated by dflow 0.1.0 from vending.flow."
    )


def test_a_carriage_return_and_a_tab_in_a_yaml_string_convert_to_escapes_that_read_back(tmp_path: Path) -> None:
    """A YAML double-quoted `\\r` is a carriage return inside the flow's string; in `.flow` it must be `\\r`."""
    (tmp_path / "crlf.flow.yaml").write_text(
        'flow: crlf\nsteps:\n  - set: line\n    value: "\\"a\\rb\\tc\\""\n  - return: line\n', encoding="utf-8")
    assert main(["convert", str(tmp_path / "crlf.flow.yaml"), "--to", "flow", "-o", str(tmp_path / "crlf.flow")]) == 0
    text = (tmp_path / "crlf.flow").read_text(encoding="utf-8")
    assert 'set line = "a\\rb\\tc"\n' in text
    assert meaning(read_flow(text, "crlf.flow")) == meaning(load_flow((tmp_path / "crlf.flow.yaml").read_text()))
    assert main(["check", str(tmp_path / "crlf.flow")]) == 0
    from tests.on_runner import run

    assert run(text, tmp_path).result == "a\rb\tc"
