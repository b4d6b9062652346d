"""Every statement kind and clause, through every tool: what each tool says about it, not only that it ran.

The constructs are `tests/test_runtime_corners.py`'s flows, each holding one
construct (or one option of it). For each, the tools must agree with the
flow and with each other: `check` finds nothing; the diagram (Mermaid, DOT,
SVG) and the docs page name every operation; `fmt` keeps the meaning;
`convert` round-trips to the same meaning and the same handler; `run` on the
SDK's local runner ends as the flow says and its timeline names only the
flow's operations; a scenario of that run passes `dflow test`; and the
studio's analysis draws the same operations. A guard fails when a statement
kind or a clause of the model appears in none of the constructs: a new
construct must come with its row here.
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest

from dflow.compiler.pipeline import compile_text
from dflow.docs.page import docs_page
from dflow.graph.model import build_graph
from dflow.graph.render import to_dot, to_mermaid, to_svg
from dflow.language import model as m
from dflow.language.reading import check_text
from dflow.language.text.fmt import format_flow, meaning
from dflow.language.walk import all_statements, operation_name
from dflow.language.yamlform.dump import dump_flow
from dflow.local.execute import execute
from dflow.local.scenarios import CallbackAnswer, Scenario
from dflow.local.testing import compare
from dflow.studio.analysis import analyse
from tests.test_runtime_corners import ALONE, INPUTS, alone_flow, doubler, load

ANSWERS = {"answer": CallbackAnswer(answer={"ok": True})}
# Clauses that are the default, or not clauses: what a statement's fields hold besides its clauses.
NOT_CLAUSES = {"kind", "span", "description", "name", "explicit_name", "call", "function_span"}


def checked(case: str) -> m.Flow:
    flow, diagnostics = check_text(alone_flow(case), f"{case}.flow")
    assert flow is not None and not [d for d in diagnostics if d.is_error], diagnostics
    return flow


def operations(flow: m.Flow) -> set[str]:
    return {name for s in all_statements(flow.body) if (name := operation_name(s)) is not None
            and not isinstance(s, (m.SetValue, m.Log, m.Return, m.Fail))}


@pytest.mark.parametrize("case", sorted(ALONE))
def test_check_graph_docs_fmt_and_convert_agree_on_each_construct(case: str) -> None:
    text = alone_flow(case)
    flow = checked(case)
    graph = build_graph(flow)
    drawn = {node.operation for node in graph.nodes if node.operation}
    named = operations(flow) - {"wait", "wait until"}
    assert named <= drawn, f"the diagram leaves out {named - drawn}"
    mermaid, dot = to_mermaid(graph), to_dot(graph)
    for node in graph.nodes:
        title = node.lines[0]
        assert node.id in mermaid and node.id in dot
        assert title.split(" ")[0].strip("\"{[(") in mermaid.replace("#quot;", '"') + dot, title
    page = docs_page(flow)
    for name in named:
        assert f"**{name}**" in page or f"`{name}`" in page or name in page, f"the docs page leaves out {name}"
    formatted = format_flow(text)
    assert meaning(check_text(formatted, f"{case}.flow")[0]) == meaning(flow)  # type: ignore[arg-type]
    yaml = dump_flow(flow)
    back, diagnostics = check_text(yaml, f"{case}.flow.yaml")
    assert back is not None, diagnostics
    assert meaning(back) == meaning(flow)
    handler = compile_text(text, f"{case}.flow").handler_source
    twin = compile_text(yaml, f"{case}.flow.yaml").handler_source
    assert _without_lines(handler) == _without_lines(twin)
    result = analyse(text, f"{case}.flow")
    assert result["errors"] == 0
    assert {node["operation"] for node in result["nodes"] if node["operation"]} == drawn


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot draws the SVG")
def test_every_construct_is_drawn_as_svg() -> None:
    for case in sorted(ALONE):
        graph = build_graph(checked(case))
        svg = to_svg(graph)
        assert svg.lstrip().startswith(("<?xml", "<svg")) and svg.count("<g id=\"node") == len(graph.nodes), case


@pytest.mark.parametrize("case", sorted(ALONE))
def test_run_and_test_tell_what_ran_for_each_construct(case: str, tmp_path: Path) -> None:
    flow = checked(case)
    module = load(alone_flow(case), tmp_path, case)
    event = INPUTS.get(case, ("", {}))[1]
    outcome = execute(module, event, dict(ANSWERS), timeout_seconds=30, functions={"doubler": doubler})
    assert outcome.status == ("failed" if case == "fail" else "succeeded"), (outcome.error_type, outcome.error_message)
    known = operations(flow) | {"wait", "wait until"}
    shown = {e.name for e in outcome.events if e.kind not in ("log", "branch", "item") and e.name}
    internal = {name for name in shown if name.startswith("undo_") or name.endswith(" clock") or "-backoff-" in name}
    branches = {b.name.text for s in all_statements(flow.body) if isinstance(s, m.Parallel) for b in s.branches}
    assert shown - internal - branches <= known, f"the timeline shows {shown - internal - branches - known}"
    assert not any('"undo":' in e.detail or '"result":' in e.detail for e in outcome.events if e.kind in ("group", "branch", "item"))
    # The run, written as a scenario, passes `dflow test`'s comparison.
    expect: dict[str, Any] = {"status": outcome.status, "ran": outcome.operations}
    if outcome.status == "succeeded":
        expect["result"] = outcome.result
    scenario = Scenario(name=case, input=event, callbacks=dict(ANSWERS), expect=expect)
    assert compare(scenario, outcome, []) == []


def test_every_statement_kind_and_clause_is_in_the_matrix() -> None:
    kinds: set[str] = set()
    clauses: set[tuple[str, str]] = set()
    for case in ALONE:
        for statement in all_statements(checked(case).body):
            kinds.add(statement.kind)
            defaults = type(statement).model_fields
            for field, info in defaults.items():
                if field not in NOT_CLAUSES and getattr(statement, field) != info.get_default(call_default_factory=True):
                    clauses.add((statement.kind, field))
    statement_classes = typing.get_args(typing.get_args(m.AnyStatement)[0])
    every_kind = {typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in statement_classes}
    assert every_kind - kinds == set(), "add a construct for these kinds to ALONE"
    every_clause = {
        (typing.get_args(cls.model_fields["kind"].annotation)[0], field)
        for cls in statement_classes for field in cls.model_fields if field not in NOT_CLAUSES
    }
    assert every_clause - clauses == set(), "add a construct using these clauses to ALONE"


def _without_lines(source: str) -> str:
    """The handler without the flow's line numbers, which differ between the two forms (§10.9)."""
    return re.sub(r"\s+", "", re.sub(r"line \d+", "line N", source))
