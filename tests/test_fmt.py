"""`dflow fmt`: one canonical layout, every comment kept, the meaning never changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dflow.cli import main
from dflow.compiler.pipeline import compile_text
from dflow.language.durations import UNIT_SECONDS
from dflow.language.grammar.parse import parse_flow
from dflow.language.text.fmt import TOKEN, _split_comment, format_flow, meaning
from tests.golden_cases import ROOT

REPOSITORY_FLOWS = sorted([
    *ROOT.glob("examples/*/*.flow"), *ROOT.glob("tests/flows/*.flow"), *ROOT.glob("conformance/flows/**/*.flow"),
])
MESSY = ROOT / "tests" / "fmt" / "messy.flow"
WORDS = re.compile(r"[A-Za-z0-9_\"]")


def test_the_repository_flows_are_formatted() -> None:
    folders = [ROOT / "examples", ROOT / "tests" / "flows", ROOT / "conformance" / "flows"]
    assert main(["fmt", "--check", *map(str, folders)]) == 0


def test_a_messy_flow_gets_the_canonical_layout() -> None:
    expected = MESSY.with_name("messy.formatted.flow").read_text(encoding="utf-8")
    assert format_flow(MESSY.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("flow", [*REPOSITORY_FLOWS, MESSY], ids=lambda path: path.stem)
def test_formatting_is_idempotent_keeps_comments_and_compiles_the_same(flow: Path) -> None:
    text = flow.read_text(encoding="utf-8")
    once = format_flow(text)
    assert format_flow(once) == once
    comments = [line[line.index("#"):].strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert all(comment in once for comment in comments)
    assert meaning(parse_flow(once)) == meaning(parse_flow(text))
    # An ExpressionError names the flow's line, which reformatting may move; nothing else may change.
    assert without_lines(compile_text(once, flow.name).handler_source) == without_lines(
        compile_text(text, flow.name).handler_source)


def without_lines(source: str) -> str:
    # Masking the number can change where black wraps the line, so spacing is not compared either.
    return re.sub(r"\s+", "", re.sub(r"([\"'])line \d+: ", r"\1line N: ", source))


@st.composite
def respelled(draw: st.DrawFn) -> tuple[str, str]:
    """A repository flow and a copy with other spacing, indentation, runs of blank lines and unit spellings."""
    canonical = format_flow(draw(st.sampled_from(REPOSITORY_FLOWS)).read_text(encoding="utf-8"))
    indent = draw(st.sampled_from([1, 2, 3]))
    lines = []
    for line in canonical.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        code, comment = _split_comment(line.strip())
        tokens = TOKEN.findall(code)
        tokens = [
            draw(st.sampled_from(_spellings(t))) if t in UNIT_SECONDS and i and tokens[i - 1][0].isdigit() else t
            for i, t in enumerate(tokens)
        ]
        joined = tokens[0] if tokens else ""
        for before, token in zip(tokens, tokens[1:]):
            minimum = 1 if WORDS.match(before[-1]) and WORDS.match(token[0]) else 0
            joined += " " * draw(st.integers(minimum, 2)) + token
        text = " " * (depth * indent * 2) + joined + (("  " if joined else "") + comment if comment else "")
        lines.append(text)
        # The author's blank lines are kept, one for any run of them: a run grows here.
        if not line.strip():
            lines.extend([""] * draw(st.integers(0, 2)))
    return canonical, "\n".join(lines) + "\n"


def _spellings(unit: str) -> list[str]:
    seconds = UNIT_SECONDS[unit]
    return [word for word, size in UNIT_SECONDS.items() if size == seconds]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(respelled())
def test_any_respelling_formats_back_to_the_same_text_and_meaning(case: tuple[str, str]) -> None:
    canonical, variant = case
    assert meaning(parse_flow(variant)) == meaning(parse_flow(canonical))
    assert format_flow(variant) == canonical


def test_check_lists_what_would_change_and_diff_shows_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "messy.flow"
    flow.write_text(MESSY.read_text(encoding="utf-8"))
    assert main(["fmt", "--check", str(flow)]) == 1
    assert f"would reformat {flow}" in capsys.readouterr().err
    assert main(["fmt", "--diff", str(flow)]) == 1
    assert "+timeout 2 hours" in capsys.readouterr().out
    assert flow.read_text() == MESSY.read_text()
    assert main(["fmt", str(flow)]) == 0
    assert main(["fmt", "--check", str(flow)]) == 0


def test_a_flow_with_errors_is_reported_not_formatted(tmp_path: Path) -> None:
    flow = tmp_path / "bad.flow"
    flow.write_text("flow x\nwait 5 mins\n")
    assert main(["fmt", str(flow)]) == 1
    assert flow.read_text() == "flow x\nwait 5 mins\n"


# ---------------------------------------------------------------- blank lines, block-ending comments, shares

def test_the_statement_words_the_formatter_knows_are_the_grammars() -> None:
    import re as regex

    from dflow.language.grammar.keywords import STATEMENT_KEYWORDS

    grammar = (ROOT / "dflow" / "language" / "grammar" / "flow.lark").read_text()
    rule = grammar.split("?statement:", 1)[1].split("\n\n", 1)[0]
    first_words = set()
    for name in regex.findall(r"(\w+_stmt)", rule):
        definition = regex.search(rf"^{name}: \"(\w+)\"", grammar, regex.M)
        assert definition, name
        first_words.add(definition.group(1))
    assert first_words == set(STATEMENT_KEYWORDS)


@pytest.mark.parametrize(("written", "formatted"), [
    # a blank line before every top-level statement, `group` and `repeat` included
    ("flow f\nset x = 1\ngroup g\n  set y = 2\nrepeat until x > 1\n  max 2 times\n  set x = x + 1\n",
     "flow f\n\nset x = 1\n\ngroup g\n  set y = 2\n\nrepeat until x > 1\n  max 2 times\n  set x = x + 1\n"),
    # one blank line inside a block where the author left one or more
    ("flow f\n\nif true\n  set a = 1\n\n\n  set b = 2\n  set c = 3\n",
     "flow f\n\nif true\n  set a = 1\n\n  set b = 2\n  set c = 3\n"),
    # a comment that ends a block stays in it
    ("flow f\n\nif true\n  set a = 1\n  # the end of the if\nset b = 2\n",
     "flow f\n\nif true\n  set a = 1\n  # the end of the if\n\nset b = 2\n"),
    # a blank line before a comment stays before it
    ("flow f\n\nif true\n  set a = 1\n\n  # about b\n  set b = 2\n",
     "flow f\n\nif true\n  set a = 1\n\n  # about b\n  set b = 2\n"),
    # a share is written against its number
    ("flow f\n\nfor each x in [1] as y\n  tolerate 100 % failures\n  set z = x % 2\n",
     "flow f\n\nfor each x in [1] as y\n  tolerate 100% failures\n  set z = x % 2\n"),
])
def test_fmt_lays_out_blank_lines_and_comments_as_the_author_grouped_them(written: str, formatted: str) -> None:
    assert format_flow(written) == formatted
    assert format_flow(formatted) == formatted


def test_a_comment_that_ends_a_block_describes_nothing_below_it() -> None:
    from dflow.language.reading import check_text

    flow, _ = check_text("flow f\n\nif true\n  set a = 1\n  # the end of the if\nset b = 2\n", "f.flow")
    assert flow is not None and flow.body.statements[1].description is None
