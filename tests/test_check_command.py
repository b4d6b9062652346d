"""`dflow check` as tools consume it: exit codes and the JSON, SARIF and GitHub formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dflow.cli import main
from tests.golden_cases import CASES, EXAMPLES

BAD = "flow bad\nactions a\nstep f(v: nope)\nwait 5 mins\n"


@pytest.fixture
def bad_flow(tmp_path: Path) -> Path:
    path = tmp_path / "bad.flow"
    path.write_text("flow bad\nactions a\ninput\n  n: integer\nstep f(v: nope)\nif input.n == \"1\"\n  return 1\n")
    return path


def test_exit_codes_are_zero_clean_one_errors_two_usage(bad_flow: Path, tmp_path: Path) -> None:
    assert main(["check", str(CASES["vending"])]) == 0
    assert main(["check", str(bad_flow)]) == 1
    assert main(["check", str(tmp_path / "empty-folder-that-does-not-exist")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["check", str(bad_flow), "--format", "xml"])
    assert usage.value.code == 2


def test_json_lists_every_diagnostic_with_code_span_and_hint(
    bad_flow: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(bad_flow), "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert [(row["code"], row["line"], row["column"]) for row in rows] == [("DF261", 5, 11), ("DF290", 6, 4)]
    assert rows[0]["severity"] == "error" and rows[0]["file"] == str(bad_flow)
    assert rows[1]["hint"] == "to compare with the number, write 1 without quotes"


def test_sarif_is_version_2_1_0_with_rules_and_regions(bad_flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(bad_flow), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "dflow"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["DF261", "DF290"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (5, 11)
    assert run["results"][0]["level"] == "error"


def test_github_format_writes_one_annotation_per_diagnostic(
    bad_flow: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(bad_flow), "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"::error file={bad_flow},title=DF261,line=5,col=11,")
    assert "::unknown name `nope`" in lines[0]


def test_warnings_alone_do_not_fail_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow = tmp_path / "w.flow"
    flow.write_text("flow w\nactions a\nwait for p = ask()\nreturn p\n")
    assert main(["check", str(flow)]) == 0
    assert "warning[DF401]" in capsys.readouterr().err


def test_actions_path_reports_missing_functions_and_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "v.flow"
    flow.write_text(
        "flow v\nactions vending.actions\nstep reserve_slot(slott: \"A1\", order_id: \"o\")\n"
        "step dispence(slot: \"A1\", reservation: \"r\")\n"
    )
    assert main(["check", str(flow), "--actions-path", str(EXAMPLES / "vending"), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(row["code"], row["hint"]) for row in rows] == [
        ("DF257", "did you mean `slot`?"),
        ("DF258", "add slot: … to the call"),
        ("DF256", "did you mean `dispense`?"),
    ]


def test_actions_path_accepts_every_example() -> None:
    for case in ("vending", "travel_booking", "order_fulfilment", "document_pipeline", "subscription_renewal",
                 "order_import"):
        assert main(["check", str(CASES[case]), "--actions-path", str(CASES[case].parent)]) == 0, case
