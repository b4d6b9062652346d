"""Generated handlers that were wrong at run time, found by people who did not write dflow.

Each flow is compiled from text and run on the SDK's real local runner, with
the real actions of `tests/flows/corner_actions.py` and `construct_actions.py`.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from dflow.compiler.names import GENERATED_NAMES, is_python_reserved
from dflow.compiler.pipeline import compile_text
from dflow.local.execute import Outcome, execute
from dflow.local.scenarios import CallbackAnswer

FLOWS = Path(__file__).resolve().parent / "flows"
sys.path.insert(0, str(FLOWS))
import construct_actions  # noqa: E402
import corner_actions  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_actions() -> None:
    construct_actions.reset()
    corner_actions.reset()


def load(text: str, tmp_path: Path, name: str = "corner") -> types.ModuleType:
    """Compile a flow's text and import its handler from a folder of its own."""
    compiled = compile_text(text, f"{name}.flow")
    folder = tmp_path / f"build_{name}"
    folder.mkdir(exist_ok=True)
    (folder / compiled.handler_name).write_text(compiled.handler_source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        module_name = compiled.handler_name.removesuffix(".py")
        sys.modules.pop(module_name, None)
        return importlib.import_module(module_name)
    finally:
        sys.path.remove(str(folder))


def run(text: str, tmp_path: Path, event: Any = None, **answers: CallbackAnswer) -> Outcome:
    return execute(load(text, tmp_path), {} if event is None else event, answers, timeout_seconds=30)


# ---------------------------------------------------------------- every construct alone

# Each flow holds one construct (or one option of it) and nothing else, so no
# other statement can bring in an import it forgot.
ALONE: dict[str, str] = {
    "step": 'step double(n: 2)',
    "named_step": 'step twice = double(n: 2)\nreturn twice',
    "step_retry": 'step double(n: 2)\n  retry 2 times every 1 second backoff 1.5 max delay 5 seconds jitter half',
    "step_retry_on": 'step double(n: 2)\n  retry 2 times on Unavailable',
    "step_at_most_once": 'step double(n: 2)\n  at most once',
    "step_undo": 'step work(task: "a")\n  undo undo(task: "a")',
    "step_on_failure": 'step double(n: 2)\n  on failure\n    log "failed"',
    "step_on_failure_named": 'step twice = double(n: 2)\n  on failure Unavailable as problem\n    log "{problem.message}"\n'
    '  on failure\n    return null\nreturn twice',
    "parallel_on_failure": 'parallel both\n  branch a\n    step work(task: "a")\n  on failure as problem\n    return problem',
    "for_each_on_failure": 'for each n in [1] as doubled\n  step double(n: n)\n  on failure Unavailable\n    log "down"',
    "wait_for_on_timeout_as": 'wait for answer = notify(who: "a")\n  on timeout as late\n    return late.type',
    "flow_retry": 'step double(n: 2)',
    "wait": "wait 5 seconds",
    "named_wait": "wait pause 1 hour",
    "wait_until_text": 'wait until "2000-01-01T00:00:00Z"',
    "wait_until_input": "wait until input.when",
    "wait_for": 'wait for answer = notify(who: "a")\nreturn answer',
    "wait_for_timeout": 'wait for answer = notify(who: "a")\n  timeout 1 hour\n  heartbeat 5 minutes',
    "wait_for_as_text": 'wait for answer = notify(who: "a")\n  as text\nreturn answer',
    "wait_for_on_timeout": 'wait for answer = notify(who: "a")\n  on timeout\n    return "late"',
    "wait_for_on_failure": 'wait for answer = notify(who: "a")\n  on failure\n    return "refused"',
    "invoke": 'invoke doubled = "doubler" with { n: 2 }\nreturn doubled',
    "invoke_on_failure": 'invoke doubled = "doubler" with { n: 2 }\n  on failure\n    return null',
    "poll": 'poll job = job_status(job: "j") every 1 second until job.done',
    "poll_max": 'poll job = job_status(job: "j") every 1 second until job.done\n  max 5 times',
    "poll_on_failure": 'poll job = job_status(job: "j") every 1 second until job.done\n  max 5 times\n  on failure\n    return null',
    "if": 'if 1 > 2\n  log "never"',
    "if_else": 'if 1 > 2\n  log "never"\nelse if 2 > 1\n  log "this"\nelse\n  log "not this"',
    "parallel": 'parallel both\n  branch a\n    step work(task: "a")\n  branch b\n    step work(task: "b")',
    "parallel_options": 'parallel both\n  max concurrency 1\n  tolerate 1 failure\n  branch a\n    step work(task: "a")\n  branch b\n    set b = 1',
    "parallel_undo": 'parallel both\n  branch a\n    step work(task: "a")\n      undo undo(task: "a")',
    "for_each": "for each n in [1, 2] as doubled\n  step double(n: n)",
    "for_each_options": "for each n in [1, 2] as doubled\n  max concurrency 1\n  tolerate 1 failure\n  set m = n",
    "for_each_undo": 'for each n in [1, 2] as done\n  step work(task: "{n}")\n    undo undo(task: "{n}")',
    "set": "set x = 1",
    "wait_computed": "set n = { d: 1 }\nwait (n.d + 1) seconds\nwait pause n.d minutes",
    "parallel_v2": 'parallel both\n  complete after 1 success\n  branch a\n    step work(task: "a")\n  branch b\n'
    '    step work(task: "b")\nreturn [failed(both), succeeded(both), errors(both)]',
    "parallel_percent": 'parallel both\n  tolerate 50% failures\n  branch a\n    step work(task: "a")\n  branch b\n'
    '    step work(task: "b")',
    "for_each_v2": "for each n, place in [1, 2] as doubled\n  tolerate 50% failures\n  complete after 1 success\n"
    "  step double(n: n + place)\nreturn [failed(doubled), errors(doubled)]",
    "step_retry_lines": 'step double(n: 2)\n  retry 2 times on Unavailable\n  retry 1 time',
    "invoke_retry": 'invoke doubled = "doubler" with { n: 2 }\n  retry 1 time on Busy\nreturn doubled',
    "poll_retry": 'poll job = job_status(job: "j") every 1 second until job.done\n  retry 1 time',
    "wait_for_retry": 'wait for answer = notify(who: "a")\n  retry 2 times every 1 second\nreturn answer',
    "group": 'group g\n  step twice = double(n: 2)\nreturn g',
    "group_all": 'group g\n  step twice = double(n: 2)\n  step work(task: "a")\n    undo undo(task: "a")\n'
    '  if twice > 100\n    return "big"\n  retry 1 time on Unavailable\n  on failure Unavailable as problem\n'
    '    log "{problem.message}"\n  finally\n    log "over"\nreturn g',
    "set_again": "set x = []\nset x = x + [1]\nreturn x",
    "repeat_until": "set n = 0\nrepeat until n >= 2\n  max 3 times\n  set n = n + 1\nreturn n",
    "repeat_while": 'set n = 0\nrepeat while n < 2\n  max 3 times\n  step double(n: n)\n  set n = n + 1',
    "repeat_on_failure": "repeat until false\n  max 2 times\n  step double(n: 1)\n  on failure as problem\n"
    "    return problem.type",
    "poll_reads_itself": 'poll job = job_status(job: default(job, "first")) every 1 second until job.done',
    "log": 'log "hello {1 + 1}"',
    "log_fields": 'log "hello" with { n: 1 + 1, tags: ["a"] }',
    "text": 'return "{[1, 2]}"',
    "return": "return { a: [1, 2.5, true, null] }",
    "fail": 'fail Stopped "stopped"',
    "functions_v2": 'return [if 1 > 2 then "a" else "b", [n * 2 for n in [1, 2] if n > 1], join(["a"], ","), '
    'starts_with("ab", "a"), ends_with("ab", "b"), split("a,b", ","), replace("ab", "a", "c"), trim(" a "), '
    'matches("ab", "a*"), text(1), number("2"), to_json([1]), from_json("[1]"), base64_encode("a"), '
    'base64_decode("YQ=="), hash("a"), range(0, 2), chunks([1, 2], 1), unique([1, 1]), flatten([[1]]), '
    'sort([2, 1]), reverse([1, 2]), first([1]), last([1]), keys({ a: 1 }), values({ a: 1 }), '
    'merge({ a: 1 }, { b: 2 }), pick({ a: 1 }, "a"), omit({ a: 1 }, "a"), abs(-1), floor(1.5), ceil(1.5), '
    'type_of(1), shift("2026-01-01T00:00:00Z", 1 day), seconds_between("2026-01-01T00:00:00Z", '
    '"2026-01-02T00:00:00Z") > 1 hour]',
    "functions": 'return [len([1]), lower("A"), upper("a"), round(2.5), min(1, 2), max(1, 2), sum([1]), default(null, 1)]',
}
HEADERS = {"flow_retry": "retry 2 times every 1 second\n"}
INPUTS = {"wait_until_input": ("input\n  when: string\n", {"when": "2000-01-01T00:00:00Z"})}


def alone_flow(case: str) -> str:
    inputs, _ = INPUTS.get(case, ("", None))
    return f"flow alone_{case}\nactions construct_actions\n{HEADERS.get(case, '')}{inputs}\n{ALONE[case]}\n"


def doubler(event: Any, context: Any) -> Any:
    return {"doubled": event["n"] * 2}


@pytest.mark.parametrize("case", sorted(ALONE))
def test_each_construct_alone_compiles_to_a_handler_that_runs(case: str, tmp_path: Path) -> None:
    module = load(alone_flow(case), tmp_path, case)
    answers = {"answer": CallbackAnswer(answer={"ok": True})}
    outcome = execute(module, INPUTS.get(case, ("", {}))[1], answers, timeout_seconds=30,
                      functions={"doubler": doubler})
    expected = "failed" if case == "fail" else "succeeded"
    assert outcome.status == expected, (outcome.error_type, outcome.error_message)
    assert "NameError" not in (outcome.error_type or "")


def test_each_construct_alone_passes_mypy_strict(tmp_path: Path) -> None:
    for case in ALONE:
        compiled = compile_text(alone_flow(case), f"{case}.flow")
        (tmp_path / compiled.handler_name).write_text(compiled.handler_source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         *sorted(str(path) for path in tmp_path.glob("*.py"))],
        capture_output=True, text=True, env={**os.environ, "MYPYPATH": str(FLOWS)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_flow_whose_only_duration_is_a_wait_until_runs(tmp_path: Path) -> None:
    outcome = run('flow w\ninput\n  when: string\nwait until input.when\nreturn "ok"\n', tmp_path,
                  {"when": "2000-01-01T00:00:00Z"})
    assert (outcome.status, outcome.result) == ("succeeded", "ok"), outcome.error_message


# ---------------------------------------------------------------- failures inside batches


def test_a_fail_inside_for_each_fails_the_execution_with_its_own_error_type(tmp_path: Path) -> None:
    outcome = run("""flow shop
actions construct_actions
for each n in [1, 2, 3] as doubled
  if n > 2
    fail OutOfStock "no {n}"
  step twice = double(n: n)
return doubled
""", tmp_path)
    assert (outcome.status, outcome.error_type, outcome.error_message) == (
        "failed", "shop_handler.OutOfStock", "no 3")


def test_a_fail_inside_a_parallel_branch_fails_with_its_own_error_type(tmp_path: Path) -> None:
    outcome = run("""flow fan
actions construct_actions
parallel both
  branch a
    step work(task: "a")
  branch b
    fail Broken "b broke"
""", tmp_path)
    assert (outcome.error_type, outcome.error_message) == ("fan_handler.Broken", "b broke")


def test_a_failed_step_inside_nested_for_each_fails_as_a_step_error_and_is_undone(tmp_path: Path) -> None:
    construct_actions.FAULTS["double"] = construct_actions.Unavailable("down")
    outcome = run("""flow deep
actions construct_actions
step work(task: "outer")
  undo undo(task: "outer")
for each row in [[1]] as rows
  for each n in row as cells
    step double(n: n)
""", tmp_path)
    assert outcome.error_type == "aws_durable_execution_sdk_python.exceptions.StepError"
    assert outcome.error_message == "down"
    assert outcome.compensations == ["undo_work"]


def test_the_first_failure_in_input_order_is_the_one_reported(tmp_path: Path) -> None:
    outcome = run("""flow order
actions construct_actions
for each n in [1, 2, 3] as doubled
  tolerate 2 failures
  fail Broken "item {n}"
""", tmp_path)
    # All three fail (the tolerance is passed only by the last), in whatever order they
    # finish: the one reported is the first in input order.
    assert outcome.error_message == "item 1"


# ---------------------------------------------------------------- nested for each


def test_a_nested_for_each_over_three_lists_of_ten_finishes(tmp_path: Path) -> None:
    """dflow's own timeline read only the first page (100 events) of the runner's history."""
    outcome = run("""flow grid
actions construct_actions
input
  lists: list of list of integer
for each row in input.lists as rows
  for each n in row as cells
    step twice = double(n: n)
return rows
""", tmp_path, {"lists": [list(range(10))] * 4})
    assert outcome.status == "succeeded", outcome.error_message
    assert outcome.result == [[n * 2 for n in range(10)]] * 4


# ---------------------------------------------------------------- results and errors of actions


@pytest.mark.parametrize("action, type_name", [("stamp", "datetime"), ("price", "Decimal")])
def test_an_action_result_that_is_not_json_fails_its_own_step_where_undo_applies(
    action: str, type_name: str, tmp_path: Path
) -> None:
    outcome = run(f"""flow stamps
actions corner_actions
step reserve(item: "a")
  undo release(item: "a")
step {action}(item: "a")
return "never"
""", tmp_path)
    assert outcome.status == "failed"
    assert outcome.error_type == "aws_durable_execution_sdk_python.exceptions.StepError"
    assert f"{action} returned a value that is not JSON" in (outcome.error_message or "")
    assert type_name in (outcome.error_message or "")
    assert outcome.compensations == ["undo_reserve"]
    assert corner_actions.CALLS["release"] == 1


def test_a_result_that_is_not_json_is_handled_by_on_failure(tmp_path: Path) -> None:
    outcome = run("""flow handled
actions corner_actions
step when = stamp(item: "a")
  on failure
    return "handled"
""", tmp_path)
    assert (outcome.status, outcome.result) == ("succeeded", "handled")


def test_an_undo_that_cannot_be_checkpointed_does_not_stop_the_other_undos(tmp_path: Path) -> None:
    outcome = run("""flow undos
actions corner_actions
step first = reserve(item: "a")
  undo release(item: "a")
step second = reserve(item: "b")
  undo release_badly(item: "b")
fail Stopped "stop"
""", tmp_path)
    assert (outcome.error_type, outcome.error_message) == ("undos_handler.Stopped", "stop")
    assert outcome.compensations == ["undo_second", "undo_first"]
    assert corner_actions.CALLS["release"] == 1


def test_a_very_long_error_message_is_cut_and_the_run_once_action_runs_once(tmp_path: Path) -> None:
    outcome = run("""flow loud
actions corner_actions
step reserve(item: "a")
  undo release(item: "a")
step shout(item: "a")
""", tmp_path)
    assert outcome.status == "failed"
    assert outcome.error_type == "aws_durable_execution_sdk_python.exceptions.StepError"
    message = outcome.error_message or ""
    assert message.startswith("a: no stock anywhere;") and "[message cut: 95003 characters in all]" in message
    assert len(json.dumps(message)) < 32 * 1024
    assert corner_actions.CALLS["shout"] == 1
    assert corner_actions.CALLS["release"] == 1


def test_a_long_message_keeps_the_error_type_for_on_failure_and_retry_on(tmp_path: Path) -> None:
    outcome = run("""flow typed
actions corner_actions
step shout(item: "a")
  retry 2 times every 1 second on OutOfStock
  on failure
    return "handled"
""", tmp_path)
    assert (outcome.status, outcome.result) == ("succeeded", "handled")
    assert corner_actions.CALLS["shout"] == 3


# ---------------------------------------------------------------- names the templates use


def names_bound_by(source: str) -> set[str]:
    """Every name the module binds at module level or inside `handler` (not in helpers)."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    handler = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "handler")
    for node in ast.walk(handler):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


EVERYTHING = """flow everything
actions construct_actions
input
  when: string
step started = work(task: "a")
  retry 1 time on Unavailable
  undo undo(task: "a")
step double(n: 1)
  at most once
  on failure
    log "no"
wait 1 second
wait until input.when
wait for answer = notify(who: "a")
  timeout 1 hour
  on timeout
    log "late"
  on failure
    log "refused"
invoke doubled = "doubler" with { n: 1 }
  on failure
    log "no"
poll job = job_status(job: "j") every 1 second until job.done
  max 3 times
  on failure
    log "no"
parallel both
  branch a
    step work(task: "b")
      undo undo(task: "b")
for each n in [1] as items
  step work(task: "{n}")
if started.done
  log "{started}"
"""


def test_every_name_the_templates_bind_is_reserved_from_flow_names(tmp_path: Path) -> None:
    source = compile_text(EVERYTHING, "everything.flow").handler_source
    flow_names = {"started", "answer", "doubled", "job", "both", "items", "n", "work", "_", "construct_actions"}
    bound = {n for n in names_bound_by(source) - flow_names if not is_python_reserved(n)}
    # Names made for this flow's statements (constants, nested functions) are allocated
    # fresh, after every flow name; only the fixed names must be reserved up front.
    per_flow = {n for n in bound if n.isupper() or n.startswith(("submit_", "keep_polling_", "both_", "items_"))}
    assert bound - per_flow - GENERATED_NAMES == set()


def test_flow_names_equal_to_generated_names_overwrite_nothing(tmp_path: Path) -> None:
    """Every reserved name as a `set` at once: had any overwritten a helper, the run would fail."""
    import keyword

    made_for_this_flow = {"RUN_ONCE", "STARTED_RETRY", "construct_actions", "submit_answer",
                          "keep_polling_job", "both_batch", "both_a", "items_each_n"}
    names = sorted(n for n in GENERATED_NAMES | made_for_this_flow
                   if n.isidentifier() and not keyword.iskeyword(n) and n != "_")
    sets = "".join(f"set {name} = {index}\n" for index, name in enumerate(names))
    values = ", ".join(f"{name}: {name}" for name in names)
    flow = EVERYTHING.replace("if started.done", sets + "if started.done") + f"return {{ {values} }}\n"
    outcome = execute(load(flow, tmp_path, "everything"), {"when": "2000-01-01T00:00:00Z"},
                      {"answer": CallbackAnswer(answer=1)}, timeout_seconds=30,
                      functions={"doubler": doubler})
    assert outcome.status == "succeeded", outcome.error_message
    assert outcome.result == {name: index for index, name in enumerate(names)}


# ---------------------------------------------------------------- retries as written (contract 10.1)


def test_a_retry_every_day_waits_a_whole_day_before_each_retry_without_cap_or_jitter(tmp_path: Path) -> None:
    text = """flow renew
actions corner_actions
timeout 7 days
step charged = charge(card: "c-1")
  retry 3 times every 1 day backoff 1 on CardDeclined
return charged
"""
    module = load(text, tmp_path, "renew")
    strategy = module.CHARGED_RETRY.retry_strategy
    for attempt in (1, 2, 3):
        decision = strategy(corner_actions.CardDeclined("no"), attempt)
        assert decision.should_retry and decision.delay.to_seconds() == 86400
    assert not strategy(corner_actions.CardDeclined("no"), 4).should_retry
    assert not strategy(ValueError("other"), 1).should_retry
    outcome = execute(module, {}, {}, timeout_seconds=30)
    assert (outcome.status, outcome.result) == ("succeeded", {"charged": "c-1"}), outcome.error_message
    attempts = [e.seconds for e in outcome.events if e.name == "charged" and e.status in ("failed", "succeeded")]
    assert len(attempts) == 3
    assert [round(later - earlier) for earlier, later in zip(attempts, attempts[1:])] == [86400, 86400]


def test_jitter_and_max_delay_apply_only_when_written(tmp_path: Path) -> None:
    text = """flow spread
actions corner_actions
step charged = charge(card: "c-1")
  retry 5 times every 1 minute backoff 10 max delay 1 hour jitter full
"""
    strategy = load(text, tmp_path, "spread").CHARGED_RETRY.retry_strategy
    delays = {strategy(corner_actions.CardDeclined("no"), 4).delay.to_seconds() for _ in range(30)}
    assert max(delays) <= 3600 and len(delays) > 1


def test_a_for_each_without_max_concurrency_runs_at_most_ten_items_at_once(tmp_path: Path) -> None:
    outcome = run("""flow many
actions construct_actions
for each n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25] as done
  step work(task: "{n}")
""", tmp_path)
    assert outcome.status == "succeeded", outcome.error_message
    assert 1 < construct_actions.most_at_once() <= 10


# ---------------------------------------------------------------- log … with { … } (contract 10.8)


def test_a_log_line_carries_its_fields_on_the_log_record(tmp_path: Path) -> None:
    import logging

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.name == "root":
                records.append(record)

    root = logging.getLogger()
    handler, level = Keep(), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        outcome = run("""flow fields
actions construct_actions
input
  order: string
step twice = double(n: 2)
log "order {input.order} doubled" with { order: input.order, result: twice }
""", tmp_path, {"order": "o-1"})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert outcome.status == "succeeded", outcome.error_message
    (record,) = [r for r in records if r.getMessage() == "order o-1 doubled"]
    assert (vars(record)["order"], vars(record)["result"]) == ("o-1", 4)


def test_dflow_run_shows_a_log_lines_fields(tmp_path: Path) -> None:
    shown: list[str] = []
    module = load('flow shown\nset n = 3\nlog "counted" with { n: n, tags: ["a"] }\n', tmp_path, "shown")
    execute(module, {}, {}, on_event=lambda event: shown.append(event.detail) if event.kind == "log" else None)
    assert shown == ['counted  {"n": 3, "tags": ["a"]}']


# ---------------------------------------------------------------- flows without an input block (contract 10.8)


@pytest.mark.parametrize("event", [[1, 2], "plain text", {"a": 1}, None, 7])
def test_a_flow_without_an_input_block_takes_any_event_as_it_comes(event: Any, tmp_path: Path) -> None:
    module = load("flow anything\nreturn { got: input }\n", tmp_path, "anything")
    outcome = execute(module, event, {}, timeout_seconds=30)
    # The contract: an empty payload may arrive as null or as {}.
    expected = [{"got": None}, {"got": {}}] if event is None else [{"got": event}]
    assert outcome.status == "succeeded" and outcome.result in expected, outcome.error_message


# ---------------------------------------------------------------- wait for … as text (contract 10.8)


def test_a_callback_answer_kept_as_text_is_the_text_that_was_sent(tmp_path: Path) -> None:
    outcome = run("""flow answers
actions construct_actions
wait for raw = notify(who: "a")
  as text
wait for parsed = notify(who: "b")
return { raw: raw, parsed: parsed }
""", tmp_path, raw=CallbackAnswer(answer={"a": 1}), parsed=CallbackAnswer(answer={"a": 1}))
    assert outcome.result == {"raw": '{"a": 1}', "parsed": {"a": 1}}, outcome.error_message


def test_an_unqualified_call_resolves_in_the_first_module_even_when_it_has_an_alias(tmp_path: Path) -> None:
    """Found by the grammar fuzzer: `actions m as alias` then `step f()` was a KeyError in the compiler."""
    outcome = run("""flow aliased
actions construct_actions as tools
step twice = double(n: 2)
step thrice = tools.double(n: 3)
return [twice, thrice]
""", tmp_path)
    assert (outcome.status, outcome.result) == ("succeeded", [4, 6]), outcome.error_message
    source = compile_text("flow aliased\nactions construct_actions as tools\nstep double(n: 2)\n", "a.flow").handler_source
    assert source.count("import construct_actions as tools") == 1
