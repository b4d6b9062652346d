"""Every mistake gets one clear message: snapshots of the bad-flow corpus, and the docs that explain them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dflow.language.diagnostics import FlowError
from dflow.language.grammar.parse import flow_parser, parse_flow
from dflow.language.grammar.syntax import mistake_examples
from tests.snapshots import BAD_FLOWS, ROOT, UPDATE_COMMAND, bad_flows, check_output, expected_path

CODE = re.compile(r'"(DF\d{3})"')


@pytest.mark.parametrize("flow", bad_flows(), ids=lambda path: path.name)
def test_bad_flow_messages_match_their_snapshot(flow: Path) -> None:
    expected = expected_path(flow).read_text(encoding="utf-8")
    assert check_output(flow) == expected, f"if the new message is intended, run: {UPDATE_COMMAND}"


def test_the_corpus_has_at_least_forty_bad_flows() -> None:
    assert len(list(BAD_FLOWS.glob("*.flow"))) >= 40


@pytest.mark.parametrize("mistake", sorted(mistake_examples(), key=lambda m: m.code), ids=lambda m: m.code)
def test_every_known_mistake_sample_gets_its_own_message(mistake: object) -> None:
    samples = mistake_examples()[mistake]  # type: ignore[index]
    for sample in samples:
        with pytest.raises(FlowError) as raised:
            parse_flow(sample)
        assert raised.value.diagnostics[0].code == mistake.code, sample  # type: ignore[attr-defined]


def test_every_diagnostic_code_is_defined_once_in_the_registry() -> None:
    from dflow.language.codes import codes as registered

    sources = "\n".join(path.read_text() for path in (ROOT / "dflow").rglob("*.py"))
    sources += (ROOT / "dflow" / "language" / "grammar" / "mistakes.txt").read_text()
    codes = set(CODE.findall(sources)) | set(re.findall(r"=== (DF\d{3})", sources))
    defined = set(registered())
    assert codes - defined == set(), "define these codes in dflow/language/codes.toml"
    assert defined - codes == set(), "the registry defines codes dflow never reports"


def test_docs_errors_md_is_the_page_the_registry_makes() -> None:
    from dflow.language.codes import errors_page

    assert (ROOT / "docs" / "errors.md").read_text() == errors_page(), "run: python tools/rebuild.py"


def test_every_code_is_reported_with_the_severity_the_registry_gives() -> None:
    from dflow.language.codes import codes as registered

    reported = {}
    for expected in (ROOT / "tests" / "bad_flows").glob("*.expected"):
        for severity, code in re.findall(r"(error|warning)\[(DF\d{3})\]", expected.read_text()):
            reported[code] = severity
    sources = "\n".join(path.read_text() for path in (ROOT / "dflow").rglob("*.py"))
    for code in re.findall(r"\.warning\(\s*\"(DF\d{3})\"", sources):
        reported[code] = "warning"
    wrong = {code: severity for code, severity in reported.items() if registered()[code].severity != severity}
    assert wrong == {}, "the registry's severity differs from what dflow reports"


def test_one_mistake_gives_one_message_not_a_cascade() -> None:
    with pytest.raises(FlowError) as raised:
        parse_flow("flow x\nif true\nreturn 1\n\nparallel p\n  step f()\n")
    # DF020 names the `if` whose block lost its indentation; the lost lines are not errors of their own.
    assert [(d.code, d.span.line) for d in raised.value.diagnostics if d.span] == [("DF020", 2), ("DF022", 6)]
    assert flow_parser() is flow_parser()  # built once per process
