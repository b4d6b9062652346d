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
