"""Every Step Functions machine of the corpus imports, checks, formats, compiles and runs its scenarios.

The machines are public (tests/corpus/asl/SOURCES.md); what `dflow import`
writes for each is pinned in tests/golden/imported/, and each flow runs on
the SDK's local runner with the scenarios of tests/corpus/scenarios/ (the
local-testing machine with the scenarios imported from its own mock config).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from dflow.cli import main
from dflow.language.reading import check_text, format_text
from tests.golden_cases import GOLDEN, IMPORTED, ROOT, UPDATE_COMMAND, produce_imported

SCENARIOS = ROOT / "tests" / "corpus" / "scenarios"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for case in IMPORTED:
        folder = tmp_path_factory.mktemp(case)
        produce_imported(case, folder)
        folders[case] = folder
    return folders


@pytest.mark.parametrize("case", sorted(IMPORTED))
def test_the_import_is_the_golden_one_and_the_same_on_a_second_run(
    case: str, imported: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = imported[case]
    written = {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}
    golden = {path.name: path.read_text(encoding="utf-8") for path in (GOLDEN / "imported" / case).iterdir()}
    assert written == golden, f"the import of {case} changed; if intended, run: {UPDATE_COMMAND}"
    capsys.readouterr()
    produce_imported(case, folder)
    assert "wrote" not in capsys.readouterr().out
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == written


@pytest.mark.parametrize("case", sorted(IMPORTED))
def test_every_imported_flow_checks_is_formatted_and_compiles(case: str, imported: dict[str, Path],
                                                              tmp_path: Path) -> None:
    flows = sorted(imported[case].glob("*.flow"))
    assert flows
    for flow in flows:
        text = flow.read_text(encoding="utf-8")
        _, diagnostics = check_text(text, flow.name)
        # DF401 is the machine's own: a token task without TimeoutSeconds waits as long as the execution.
        assert [d.message for d in diagnostics if d.code != "DF401"] == []
        assert format_text(text, flow.name) == text
        assert main(["compile", str(flow), "-o", str(tmp_path), "--no-cache"]) == 0
    assert main(["check", str(imported[case]), "--actions-path", str(imported[case])]) == 0


@pytest.mark.parametrize("case", sorted(IMPORTED))
def test_every_imported_flow_runs_its_scenarios_on_the_local_runner(
    case: str, imported: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in imported[case].iterdir():
        shutil.copy(path, tmp_path)
    if (SCENARIOS / f"{case}.scenarios.yaml").is_file():
        shutil.copy(SCENARIOS / f"{case}.scenarios.yaml", tmp_path)
    else:
        _expect_upstream_exits(tmp_path / f"{case}.scenarios.yaml")
    code = main(["test", str(tmp_path)])
    output = capsys.readouterr().out
    assert code == 0, output
    assert "0 failed" in output and " 0 passed" not in output


# What aws-samples/serverless-test-samples asserts for the mock config's test cases: the state each exits by.
UPSTREAM_EXITS: dict[str, dict[str, Any]] = {
    "HappyPathTest": {"status": "succeeded", "ran": ["validation", "detect_sentiment", "add_to_follow_up",
                                                     "customer_added_to_followup"]},
    "NegativeSentimentTest": {"status": "succeeded", "ran": ["validation", "detect_sentiment",
                                                             "negative_sentiment_detected"]},
    "CustomValidationFailedCatchTest": {"status": "succeeded", "ran": ["validation", "custom_validation_failed"]},
    "ValidationExceptionCatchTest": {"status": "succeeded", "ran": ["validation", "validation_exception"]},
    "RetryOnServiceExceptionTest": {"status": "succeeded", "attempts": {"detect_sentiment": 4}},
}


def _expect_upstream_exits(path: Path) -> None:
    yaml = YAML(typ="rt")
    document = yaml.load(path.read_text(encoding="utf-8"))
    assert [s["name"] for s in document["scenarios"]] == list(UPSTREAM_EXITS)
    for scenario in document["scenarios"]:
        scenario["expect"] = UPSTREAM_EXITS[scenario["name"]]
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
