"""What `dflow run` and `dflow test` show is what ran: loops around callbacks, groups, tolerant parallels.

The flows are the kinds a new user built: an insurance claim whose adjuster is
reminded daily until they answer, a returns saga with a `group`, `on failure`
and `finally`, and an onboarding with a tolerant parallel. Each runs on the
SDK's local runner with `tests/flows/billing_actions.py`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOWS = ROOT / "tests" / "flows"

CLAIM = """flow claim
actions billing_actions

input
  claim: string

set reminders = 0
repeat until decision != null
  max 5 times
  wait for decision = notify(who: input.claim)
    timeout 1 hour
    on timeout
      set reminders = reminders + 1
      step reminded = suspend_account(account: "adjuster")
return { decision: decision, reminders: reminders }
"""

RETURNS = """flow returns
actions billing_actions

input
  card: string

group refund_case
  step label = charge_card(card: "label", amount: 1)
    undo refund(charge: label.id)
  step pickup = charge_card(card: "pickup", amount: 2)
    undo refund(charge: pickup.id)
  step refund_card = charge_card(card: input.card, amount: 30)
  finally
    step closed = suspend_account(account: "case")
"""

ONBOARDING = """flow onboarding
actions billing_actions

parallel accounts
  tolerate 2 failures
  branch mail
    step mailbox = charge_card(card: "declined", amount: 1)
  branch chat
    step chat_user = charge_card(card: "declined", amount: 2)
  branch wiki
    step wiki_user = charge_card(card: "declined", amount: 3)
  branch badge
    step badge_user = charge_card(card: "ok", amount: 4)
  branch desk
    step desk_user = charge_card(card: "ok", amount: 5)
return accounts
"""


def dflow(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dflow", *args], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL)


def write(tmp_path: Path, name: str, flow: str, scenarios: str | None = None) -> Path:
    path = tmp_path / f"{name}.flow"
    path.write_text(flow)
    if scenarios is not None:
        (tmp_path / f"{name}.scenarios.yaml").write_text(f"actions_path: {FLOWS}\nscenarios:\n{scenarios}")
    return path


def test_a_callback_in_a_loop_is_answered_pass_by_pass_from_a_list_in_a_scenario(tmp_path: Path) -> None:
    write(tmp_path, "claim", CLAIM, """  - name: answered after one reminder
    input: {claim: c-1}
    callbacks:
      decision: [{timeout: true}, {answer: {approved: true}}]
    expect:
      result: {decision: {approved: true}, reminders: 1}
""")
    result = dflow("test", str(tmp_path / "claim.scenarios.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_run_answers_a_callback_given_several_times_pass_by_pass(tmp_path: Path) -> None:
    flow = write(tmp_path, "claim", CLAIM)
    result = dflow("run", str(flow), "--input", '{"claim": "c-1"}', "--actions-path", str(FLOWS),
                   "--callback", "decision=timeout", "--callback", 'decision={"approved": false}')
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == 'SUCCEEDED {"decision": {"approved": false}, "reminders": 1}'


def test_compensated_lists_the_undo_steps_a_group_ran_in_the_order_they_ran(tmp_path: Path) -> None:
    write(tmp_path, "returns", RETURNS, """  - name: the refund fails
    input: {card: broken}
    expect:
      status: failed
      error: StepError
      compensated: [undo_pickup, undo_label]
""")
    result = dflow("test", str(tmp_path / "returns.scenarios.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_run_shows_a_groups_own_operations_and_its_failure_in_the_flows_words(tmp_path: Path) -> None:
    flow = write(tmp_path, "returns", RETURNS)
    result = dflow("run", str(flow), "--input", '{"card": "declined"}', "--actions-path", str(FLOWS))
    lines = result.stdout.splitlines()
    shown = [line.split()[1:4] for line in lines[1:-1]]
    assert ["refund_case", "group", "started"] in shown
    assert ["label", "step", "succeeded"] in shown  # inside the group, indented
    assert any("refund_card" in line and "CardDeclined: card declined for 30" in line for line in lines)
    assert any(line.split()[1:4] == ["refund_case", "group", "failed"] and "CardDeclined" in line for line in lines)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_run_says_a_parallel_past_its_tolerance_failed_and_shows_no_internal_records(tmp_path: Path) -> None:
    flow = write(tmp_path, "onboarding", ONBOARDING)
    result = dflow("run", str(flow), "--actions-path", str(FLOWS))
    assert result.returncode == 1
    batch = [line for line in result.stdout.splitlines() if line.split()[1:3] == ["accounts", "parallel"]]
    assert batch[-1].split()[3] == "failed" and "3 of 5 branches failed" in batch[-1]
    assert '"undo"' not in result.stdout and '"result"' not in result.stdout


def test_a_tolerated_failure_is_said_to_be_tolerated(tmp_path: Path) -> None:
    flow = write(tmp_path, "onboarding", ONBOARDING.replace("tolerate 2 failures", "tolerate 3 failures"))
    result = dflow("run", str(flow), "--actions-path", str(FLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 of 5 branches failed (tolerated)" in result.stdout


SUBMITTER_FAILS = """flow notice
actions billing_actions

wait for answer = notify(who: "nobody")
  timeout 1 hour
  on failure as problem
    return problem.type
return answer
"""


@pytest.mark.parametrize("command", ["run", "test"])
def test_a_callback_whose_submitter_failed_needs_no_answer(tmp_path: Path, command: str) -> None:
    flow = write(tmp_path, "notice", SUBMITTER_FAILS, """  - name: nobody to notify
    expect:
      result: SubmitterFailed
""")
    if command == "run":
        result = dflow("run", str(flow), "--actions-path", str(FLOWS))
        assert result.stdout.splitlines()[-1] == 'SUCCEEDED "SubmitterFailed"', result.stdout + result.stderr
    else:
        result = dflow("test", str(tmp_path / "notice.scenarios.yaml"))
        assert result.returncode == 0, result.stdout + result.stderr


def test_ran_lists_the_flows_own_operations_when_it_reads_when_it_started(tmp_path: Path) -> None:
    flow = 'flow started\nactions billing_actions\n\nstep first = charge_card(card: "a", amount: 1)\n' \
        "return execution.started_at\n"
    write(tmp_path, "started", flow, """  - name: the start is read
    expect:
      status: succeeded
      ran: [first]
""")
    result = dflow("test", str(tmp_path / "started.scenarios.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_polls_attempts_count_every_check(tmp_path: Path) -> None:
    flow = """flow polling
actions paging_actions

poll count = count_up(previous: count) every 1 minute until count.n >= 3
  max 5 times
return count
"""
    write(tmp_path, "polling", flow, """  - name: three checks
    expect:
      attempts: {count: 3}
""")
    result = dflow("test", str(tmp_path / "polling.scenarios.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_run_without_the_runner_says_how_to_install_it(tmp_path: Path) -> None:
    flow = write(tmp_path, "notice", SUBMITTER_FAILS)
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith('aws_durable_execution_sdk_python'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from dflow.cli import main\n"
        f"sys.exit(main(['run', {str(flow)!r}, '--actions-path', {str(FLOWS)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "pip install 'dflow[run]'" in result.stderr and "internal error" not in result.stderr


def test_run_checks_calls_against_the_actions_before_running(tmp_path: Path) -> None:
    flow = write(tmp_path, "typo", 'flow typo\nactions billing_actions\n\nstep charge = charge_crad(card: "a", amount: 1)\n')
    result = dflow("run", str(flow), "--actions-path", str(FLOWS))
    assert result.returncode == 1
    assert "charge_crad" in result.stderr and "charge_card" in result.stderr
    assert "running typo" not in result.stdout


def test_a_scenario_file_mistake_is_located_named_and_worded_and_the_other_scenarios_still_run(
    tmp_path: Path,
) -> None:
    write(tmp_path, "claim", CLAIM, """  - name: answered at once
    input: {claim: c-1}
    callbacks:
      decision: {answer: {approved: true}}
    expect:
      result: {decision: {approved: true}, reminders: 0}
  - name: a wrong answer
    input: {claim: c-2}
    callbacks:
      decision: 5
  - name: a typo
    input: {claim: c-3}
    expect:
      stauts: failed
""")
    result = dflow("test", str(tmp_path / "claim.scenarios.yaml"))
    out = result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 2 failed", out
    assert "claim.scenarios.yaml:12:7: scenario `a wrong answer`: callbacks.decision: should be an answer" in out
    assert "claim.scenarios.yaml:16:7: scenario `a typo`: expect.stauts: `stauts` is not a key here; " \
           "did you mean `status`?" in out
    assert "CallbackAnswer" not in out and "scenarios.1" not in out


# ---------------------------------------------------------------- the diagram and the page

HANDLED_FAIL = """flow returns
actions billing_actions

input
  card: string
  amount_cents: integer

group refund_case
  step hold = charge_card(card: "label", amount: 1)
    undo refund(charge: hold.id)
  if input.amount_cents <= 1000 and input.card != "a-card-whose-name-is-long-enough-to-wrap"
    fail GoodsDamaged "the goods came back damaged"
  step refund_card = charge_card(card: input.card, amount: input.amount_cents)
    retry 3 times every 2 seconds backoff 2
  on failure GoodsDamaged as problem
    step notify_customer = suspend_account(account: problem.message)
  finally
    step closed = suspend_account(account: "case")
return "done"
"""


def test_the_diagram_leads_a_handled_fail_to_its_handler_and_finally_is_on_every_path() -> None:
    from dflow.graph.model import build_graph
    from dflow.language.reading import check_text

    flow, _ = check_text(HANDLED_FAIL, "returns.flow")
    assert flow is not None
    graph = build_graph(flow)
    by_title = {node.lines[0]: node for node in graph.nodes}
    fail, handler = by_title["fail GoodsDamaged"], by_title["notify_customer"]
    closed, done = by_title["closed"], by_title["refund_case done"]
    edges = {(edge.source, edge.target, edge.label) for edge in graph.edges}
    assert (fail.id, handler.id, "GoodsDamaged") in edges
    assert (handler.id, closed.id, "finally") in edges and (done.id, closed.id, "finally") in edges
    assert (done.id, closed.id, "unhandled failure") in edges


def test_the_diagram_wraps_conditions_and_shows_a_retrys_backoff() -> None:
    from dflow.graph.model import build_graph
    from dflow.language.reading import check_text

    flow, _ = check_text(HANDLED_FAIL, "returns.flow")
    assert flow is not None
    nodes = build_graph(flow).nodes
    decision = next(node for node in nodes if node.kind == "decision")
    assert " ".join(decision.lines) == 'input.amount_cents <= 1000 and input.card != "a-card-whose-name-is-long-enough-to-wrap"'
    assert not any("…" in line for line in decision.lines)
    assert any(line == "retry 3 times every 2 seconds backoff 2" for node in nodes for line in node.lines)


def test_the_page_says_a_handled_fail_fails_the_group_and_what_is_undone_first(tmp_path: Path) -> None:
    flow = write(tmp_path, "returns", HANDLED_FAIL)
    page = dflow("docs", str(flow)).stdout
    assert "Fails the group **refund_case** with **GoodsDamaged**" in page
    assert "its `on failure` below handles it" in page
    assert "The flow fails with **GoodsDamaged**" not in page
    assert "what completed of **hold** is undone" in page
    assert "In all cases, once the group is over:" in page


def test_the_page_lists_what_is_undone_most_recent_first(tmp_path: Path) -> None:
    page = dflow("docs", "examples/travel_booking/travel_booking.flow").stdout
    undone = [line.split("**")[1] for line in page.split("## If the flow fails")[1].splitlines() if line.startswith("- **")]
    flow_order = [line.split("=")[0].split()[-1] for line in
                  (ROOT / "examples/travel_booking/travel_booking.flow").read_text().splitlines()
                  if line.lstrip().startswith("step ") and "=" in line]
    assert undone == [name for name in reversed(flow_order) if name in undone]


@pytest.mark.parametrize("line", [
    'fail Oops "{\\"{{\\"}"',
    'log "say {\\"}}\\" + \\"{{\\"}"',
    'return "{ {a: \\"x\\"} }"',
    'log "plain {{braces}} and {\\"a\\\\\\\\b\\"}"',
])
def test_convert_round_trips_strings_whose_expressions_hold_braces_and_quotes(tmp_path: Path, line: str) -> None:
    from dflow.compiler.pipeline import compile_text

    flow = tmp_path / "braces.flow"
    flow.write_text(f"flow braces\n\n{line}\n")
    assert dflow("check", str(flow)).returncode == 0, dflow("check", str(flow)).stderr
    yaml = tmp_path / "braces.flow.yaml"
    assert dflow("convert", str(flow), "--to", "yaml", "-o", str(yaml)).returncode == 0
    checked = dflow("check", str(yaml))
    assert checked.returncode == 0, checked.stderr
    back = dflow("convert", str(yaml), "--to", "flow")
    from dflow.language.grammar.parse import parse_flow
    from dflow.language.text.fmt import meaning

    assert back.returncode == 0 and meaning(parse_flow(back.stdout)) == meaning(parse_flow(flow.read_text()))
    assert compile_text(flow.read_text(), "braces.flow").handler_source == \
        compile_text(yaml.read_text(), "braces.flow.yaml").handler_source
