"""`dflow run` and `dflow test`: flows on the SDK's local runner, no AWS account.

They run as separate processes: each scenario re-imports the actions modules
so it starts from a clean slate, which must not disturb this test process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from tests.golden_cases import EXAMPLES, ROOT

VENDING = EXAMPLES / "vending"


def dflow(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dflow", *args], capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL)


def test_every_example_scenario_passes_and_writes_junit(tmp_path: Path) -> None:
    junit = tmp_path / "scenarios.xml"
    result = dflow("test", "examples", "--junit-xml", str(junit))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "30 passed, 0 failed"
    suite = ElementTree.parse(junit).getroot()
    assert suite.get("tests") == "30" and suite.get("failures") == "0"


def vending_copy(tmp_path: Path, scenarios: str) -> Path:
    shutil.copy(VENDING / "vending.flow", tmp_path)
    (tmp_path / "vending.scenarios.yaml").write_text(f"actions_path: {VENDING}\nscenarios:\n{scenarios}")
    return tmp_path


def test_a_failing_scenario_shows_expected_and_actual_and_exits_1(tmp_path: Path) -> None:
    folder = vending_copy(tmp_path, """
  - name: approved
    input: {order_id: o-1, slot: A1, price_cents: 250}
    callbacks: {payment: {answer: {status: approved}}}
    expect: {result: {status: dispensed}}
  - name: declined, wrongly expected to dispense
    input: {order_id: o-2, slot: A1, price_cents: 250}
    callbacks: {payment: {answer: {status: declined}}}
    expect: {result: {status: dispensed}}
""")
    result = dflow("test", str(folder))
    assert result.returncode == 1
    assert "FAILED  declined, wrongly expected to dispense" in result.stdout
    assert 'expected {"status": "dispensed"}' in result.stdout
    assert '"status": "declined"' in result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"


def test_a_scenario_naming_what_the_flow_lacks_fails_before_running(tmp_path: Path) -> None:
    folder = vending_copy(tmp_path, """
  - name: typo
    input: {order_id: o-1, slot: A1, price_cents: 250}
    callbacks: {paymnt: {answer: {status: approved}}}
    expect: {ran: [validate, reservaton]}
""")
    result = dflow("test", str(folder))
    assert result.returncode == 1
    assert "the flow has no operation `reservaton`; did you mean `reservation`?" in result.stdout
    assert "the flow has no callback `paymnt`; did you mean `payment`?" in result.stdout


def test_run_prints_a_timeline_then_the_result() -> None:
    result = dflow(
        "run", "examples/vending/vending.flow",
        "--input", '{"order_id": "o-9", "slot": "A1", "price_cents": 250}',
        "--callback", 'payment={"status": "approved"}',
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "virtual time" in lines[0]
    assert any("reservation" in line and "succeeded" in line for line in lines)
    assert lines[-1] == 'SUCCEEDED {"status": "dispensed", "order_id": "o-9"}'


def test_run_lets_a_callback_time_out_or_fail() -> None:
    order = '{"order_id": "o-10", "slot": "A1", "price_cents": 250}'
    timed_out = dflow("run", "examples/vending/vending.flow", "--input", order, "--callback", "payment=timeout")
    assert timed_out.stdout.splitlines()[-1] == 'SUCCEEDED {"status": "timed_out", "order_id": "o-10"}'
    failed = dflow("run", "examples/vending/vending.flow", "--input", order, "--callback", "payment=!card declined")
    assert failed.returncode == 1
    assert "CallbackExternalError: card declined" in failed.stdout


def test_run_without_an_answer_says_how_to_give_one() -> None:
    result = dflow("run", "examples/vending/vending.flow", "--input", '{"order_id": "o", "slot": "A1", "price_cents": 1}')
    assert result.returncode == 1
    assert "the callback `payment`" in result.stderr and "--callback NAME=JSON" in result.stderr


def test_an_interactive_answer_can_succeed_fail_or_time_out(monkeypatch: object) -> None:
    from dflow.cli import run as commands

    answers = iter(['{"status": "approved"}', "!declined by bank", "timeout", "plain words"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))  # type: ignore[attr-defined]
    assert commands._ask("payment", "id-123").answer == {"status": "approved"}
    assert commands._ask("payment", "id-123").fail == "declined by bank"
    assert commands._ask("payment", "id-123").timeout is True
    assert commands._ask("payment", "id-123").answer == "plain words"


def test_scenarios_name_the_flows_own_operations_and_never_its_clock_steps() -> None:
    from dflow.compiler.pipeline import read_flow
    from dflow.local.scenarios import Scenario, check_names

    flow = read_flow((ROOT / "tests" / "flows" / "waits_and_inputs.flow").read_text())
    ran = ["wait", "pause", "wait until", "deadline"]
    assert check_names(Scenario(name="s", expect={"ran": ran}), flow) == []
    assert check_names(Scenario(name="s", expect={"ran": ["deadline clock"]}), flow) != []
    assert check_names(Scenario(name="s", expect={"ran": ["pauses"]}), flow) == [
        "scenario `s`: the flow has no operation `pauses`; did you mean `pause`?"
    ]


def test_scenarios_answer_sibling_callbacks_by_path_and_check_attempts_calls_and_lists() -> None:
    result = dflow("test", "tests/flows/approvals.scenarios.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed"


def test_a_failed_expectation_shows_why_the_execution_failed(tmp_path: Path) -> None:
    folder = vending_copy(tmp_path, """
  - name: expects a dispense, but the dispenser jams
    input: {order_id: o-1, slot: A1, price_cents: 250}
    mocks: {dispense: {raises: "DispenserJam: the spiral did not turn"}}
    callbacks: {payment: {answer: {status: approved}}}
    expect: {result: {status: dispensed}, attempts: {dispense: 2}, calls: {audit: [{outcome: dispensed}]}}
""")
    result = dflow("test", str(folder))
    assert result.returncode == 1
    assert "the execution failed with aws_durable_execution_sdk_python.exceptions.StepError: the spiral did not turn" in result.stdout
    assert "attempts of dispense:\n            expected 2\n            actual   1" in result.stdout
    assert "calls of audit:" in result.stdout


def test_a_call_the_actions_module_cannot_answer_is_reported_before_anything_runs(tmp_path: Path) -> None:
    text = (VENDING / "vending.flow").read_text().replace("step dispense(", "step dispence(")
    (tmp_path / "vending.flow").write_text(text)
    (tmp_path / "vending.scenarios.yaml").write_text(f"""actions_path: {VENDING}
scenarios:
  - name: approved
    input: {{order_id: o-1, slot: A1, price_cents: 250}}
    callbacks: {{payment: {{answer: {{status: approved}}}}}}
    expect: {{result: {{status: dispensed}}}}
""")
    result = dflow("test", str(tmp_path))
    assert result.returncode == 1
    assert "`vending.actions` has no function `dispence`" in result.stdout
    assert "did you mean `dispense`?" in result.stdout
    assert "expected" not in result.stdout  # nothing ran: no result compared


def test_run_shows_logs_in_order_elapsed_time_and_stands_in_for_invoked_functions() -> None:
    result = dflow("run", "tests/flows/logged.flow", "--function", "fn=!boom", "--actions-path", "tests/flows")
    assert result.returncode == 0, result.stderr
    # The first lines' fractions of a second vary from run to run.
    lines = [re.sub(r"^\+\d+\.\d\ds", "+0s", " ".join(line.split())) for line in result.stdout.splitlines()[1:]]
    assert lines == [
        "+0s twice step started", "+0s twice step succeeded 4", "+0s log doubled to 4",
        "+0s wait wait started", "+1d 00:00:00 wait wait succeeded", "+1d 00:00:00 log a day later",
        "+1d 00:00:00 x invoke started", "+1d 00:00:00 x invoke failed FunctionFailed: boom",
        "+1d 00:00:00 log fn failed", "SUCCEEDED 4",
    ]
    answered = dflow("run", "tests/flows/logged.flow", "--function", 'fn={"ok": true}', "--actions-path", "tests/flows")
    assert "x invoke succeeded" in " ".join(answered.stdout.split()) and "fn failed" not in answered.stdout


def test_run_shows_polls_as_polls_and_batch_results_as_json() -> None:
    result = dflow("run", "examples/document_pipeline/document_pipeline.flow",
                   "--input", '{"document_id": "d1", "bucket": "b", "key": "k"}',
                   "--function", 'thumbnailer={"thumbnail_uri": "s3://t.png"}')
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "conversion poll checked not yet; checks again in 30 seconds" in text
    assert "+01:00 conversion poll succeeded" in text
    assert 'outputs parallel succeeded [{"indexed": true}, {"thumbnail_uri": "s3://t.png"}' in text
    assert "BatchResult" not in text


def test_running_scenarios_in_process_leaves_the_callers_own_actions_package_in_place(tmp_path: Path) -> None:
    """A program that runs `dflow test` in its own process (a test suite, the studio) keeps using its
    own `vending.actions`: a scenario's fresh import must not stay behind in `sys.modules` or as the
    package's attribute, which `from vending import actions` reads."""
    script = f"""
import importlib, sys
sys.path.insert(0, {str(VENDING)!r})
from vending import actions
from dflow.cli import main
assert main(["test", {str(VENDING)!r}]) == 0
assert sys.modules["vending.actions"] is actions
assert importlib.import_module("vending").actions is actions
print("kept")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "kept"
