"""`dflow graph`: diagrams that match the flow, in Mermaid, DOT and SVG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dflow.cli import main
from dflow.compiler.pipeline import check_text
from dflow.graph.model import build_graph
from dflow.graph.render import to_dot, to_mermaid
from tests.golden_cases import CASES, ROOT


def graph_of(case: str) -> str:
    flow, _ = check_text(CASES[case].read_text())
    assert flow is not None
    return to_mermaid(build_graph(flow))


def test_callback_timeouts_choices_and_undo_are_drawn() -> None:
    mermaid = graph_of("vending")
    assert '-->|timeout|' in mermaid
    assert '-->|yes|' in mermaid and '-->|no|' in mermaid
    assert '-.->|undo|' in mermaid
    assert 'payment.status == #quot;approved#quot;' in mermaid
    assert mermaid.count('(["<b>return') == 3


def test_parallel_branches_and_loops_are_subgraphs() -> None:
    mermaid = graph_of("nested")
    for label in ("parallel everything", "branch batches", "branch approval", "each group", "each n"):
        assert f'["{label}"]' in mermaid
    assert "class " in mermaid and "failed" in mermaid


def test_descriptions_from_comments_are_shown() -> None:
    assert "The converter is slow" in graph_of("document_pipeline")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_the_vending_diagram_renders_as_svg(tmp_path: Path) -> None:
    out = tmp_path / "vending.svg"
    assert main(["graph", str(CASES["vending"]), "--format", "svg", "-o", str(out)]) == 0
    svg = out.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "reservation" in svg


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_dot_output_is_accepted_by_graphviz(case: str) -> None:
    flow, _ = check_text(CASES[case].read_text())
    assert flow is not None
    subprocess.run(["dot", "-Tsvg"], input=to_dot(build_graph(flow)), capture_output=True, text=True, check=True)


def test_svg_without_graphviz_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["graph", str(CASES["vending"]), "--format", "svg"]) == 1
    assert "apt-get install graphviz" in capsys.readouterr().err


def test_graph_and_docs_of_a_broken_flow_report_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "bad.flow"
    flow.write_text("flow x\nwait 5 mins\n")
    assert main(["graph", str(flow)]) == 1
    assert main(["docs", str(flow)]) == 1
    assert "DF102" in capsys.readouterr().err


def test_the_readme_shows_the_current_vending_diagram() -> None:
    readme = (ROOT / "README.md").read_text()
    assert graph_of("vending") in readme


def graph_from(text: str) -> tuple[str, str]:
    """(Mermaid, DOT) of a flow's text."""
    flow, diagnostics = check_text(text)
    assert flow is not None, diagnostics
    graph = build_graph(flow)
    return to_mermaid(graph), to_dot(graph)


MEETING = '''flow shipping
description "Ship an order and tell the customer"
actions shop.actions
input
  order: string
step charge_card(order: input.order)
  retry 3 times every 1 day on CardDeclined, Timeout
  at most once
# Tell the customer it left the warehouse.
step shipped = notify_customer(message: "shipped", order: input.order)
set total = 2 * 3
log "done with {input.order}"
step delivered = notify_customer(message: "delivered", order: input.order)
  on failure
    log "could not tell them"
wait for answer = ask(order: input.order)
  timeout 1 hour
  on timeout
    return "late"
  on failure
    return "refused"
invoke billed = "billing" with { order: input.order }
  on failure
    fail NotBilled "no bill"
poll job = status(order: input.order) every 1 minute until job.done
  max 3 times
  on failure
    return "stuck"
'''


def test_two_calls_of_one_action_are_told_apart_by_their_argument_values() -> None:
    mermaid, dot = graph_from(MEETING)
    for text in (mermaid, dot):
        assert "#quot;shipped#quot;" in text or "&quot;shipped&quot;" in text
        assert "#quot;delivered#quot;" in text or "&quot;delivered&quot;" in text


def test_retry_conditions_and_at_most_once_are_drawn() -> None:
    mermaid, dot = graph_from(MEETING)
    for text in (mermaid, dot):
        assert "retry 3 times every 1 day" in text and "on CardDeclined, Timeout" in text
        assert "at most once" in text


def test_every_handled_failure_and_timeout_has_its_own_labelled_edge() -> None:
    mermaid, _ = graph_from(MEETING)
    assert mermaid.count("-->|failure|") == 4  # notify, the callback, invoke, poll
    assert mermaid.count("-->|timeout|") == 1


def test_the_diagram_has_the_flows_name_and_description_as_its_title() -> None:
    mermaid, dot = graph_from(MEETING)
    assert mermaid.startswith('---\ntitle: "shipping: Ship an order and tell the customer"\n---\nflowchart TD\n')
    assert "label=<<b>shipping: Ship an order and tell the customer</b>>;" in dot


def test_comments_are_in_the_dot_labels_not_only_in_tooltips() -> None:
    _, dot = graph_from(MEETING)
    assert "<i>Tell the customer it left the warehouse.</i>" in dot


def test_set_and_log_read_as_plain_words() -> None:
    mermaid, _ = graph_from(MEETING)
    assert "total becomes 2 * 3" in mermaid
    assert "notes in the log: #quot;done with {input.order}#quot;" in mermaid
    assert "set total" not in mermaid and "log #quot;" not in mermaid


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_example_renders_to_png(case: str, tmp_path: Path) -> None:
    flow, _ = check_text(CASES[case].read_text())
    assert flow is not None
    png = tmp_path / f"{case}.png"
    subprocess.run(["dot", "-Tpng", "-o", str(png)], input=to_dot(build_graph(flow)), text=True, check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
