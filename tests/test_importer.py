"""`dflow import`'s rules, each on the smallest machine that shows it.

The corpus (tests/test_import_corpus.py) proves whole machines; these pin the
names contract, the TODO lines, what each ASL construct becomes, the command's
errors and files, and that nothing in a machine can become code.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from dflow.cli import main
from dflow.importer import MachineError, import_machine
from dflow.importer.graph import loop_starts, meeting_point
from dflow.importer.machine import Region
from dflow.importer.names import Scopes, error_name, snake
from dflow.importer.todos import CODES, Todo, todo_line
from dflow.language.reading import check_text


def machine(states: dict[str, Any], start: str | None = None, **top: Any) -> str:
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top}, indent=2)


def flow_of(states: dict[str, Any], start: str | None = None, **top: Any) -> str:
    return import_machine(machine(states, start, **top), "m.asl.json", "m").files["m.flow"]


def body_of(text: str) -> str:
    """The flow after its header settings: the statements the states became."""
    return text.split("\n\n", 1)[1]


def runs_its_scenarios(out: Path, scenarios: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`dflow test` of the imported flow in `out` with this scenarios file passes."""
    (out / "m.scenarios.yaml").write_text(scenarios, encoding="utf-8")
    code = main(["test", str(out)])
    assert code == 0, capsys.readouterr().out


def import_into(folder: Path, states: dict[str, Any]) -> Path:
    """`dflow import` of a machine of these states, as `m`, into `folder/out`; the folder it wrote."""
    (folder / "m.asl.json").write_text(machine(states), encoding="utf-8")
    assert main(["import", str(folder / "m.asl.json"), "--name", "m", "-o", str(folder / "out")]) == 0
    return folder / "out"


@pytest.mark.parametrize(
    ("state", "name"),
    [
        ("Get Customer Status", "get_customer_status"),
        ("ReserveFlight", "reserve_flight"),
        ("SendingSMSFailure", "sending_sms_failure"),
        ("DynamoDb update", "dynamo_db_update"),
        ("Reservation Successful!", "reservation_successful"),
        ("Process1 Completed (DummyFailure)", "process1_completed_dummy_failure"),
        ("Emit - PHASE 1", "emit_phase_1"),
        ("3rd party", "s_3rd_party"),
        ("Wait", "wait_state"),
        ("for each", "for_each"),
        ("now", "now_state"),
        ("__private__", "private"),
        ("!!!", "state"),
        ("Übersicht", "bersicht"),
    ],
)
def test_a_state_name_becomes_its_snake_name(state: str, name: str) -> None:
    assert snake(state) == name


def test_a_name_repeated_in_scope_gets_a_number_and_is_free_again_outside() -> None:
    scopes = Scopes()
    assert [scopes.claim("check"), scopes.claim("check")] == ["check", "check_2"]
    scopes.enter()
    assert scopes.claim("check") == "check_3"
    assert scopes.claim("inner") == "inner"
    scopes.leave()
    assert scopes.claim("inner") == "inner"


@pytest.mark.parametrize(
    ("asl", "flow"),
    [("States.FauxFailure1", "FauxFailure1"), ("Lambda.ServiceException", "ServiceException"),
     ("Job Failed", "Job_Failed"), ("order_shipping_failed", "order_shipping_failed"),
     ("States.Http.StatusCode.404", "E_404"), ("fail", "fail_error")],
)
def test_an_asl_error_is_named_by_its_last_dotted_part(asl: str, flow: str) -> None:
    assert error_name(asl) == flow


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_todo_code_reads_as_one_line_with_its_fallback(code: str) -> None:
    line = Todo(code, "Charge Card", "", "Field", {"k": "v"}).line
    assert line == f'TODO(import) {code} Charge Card: {CODES[code]}; ASL: Field = {{"k": "v"}}'


def test_a_todo_value_is_cut_at_80_characters_and_other_codes_are_refused() -> None:
    line = todo_line("context", "S", "the value is null", "Parameters", "x" * 200)
    assert line.endswith("= " + "x" * 79 + "…")
    with pytest.raises(ValueError):
        Todo("made-up", "S", "", "F", 1)


def test_retries_are_written_out_in_order_with_the_defaults_of_asl() -> None:
    text = flow_of({"Charge": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
        "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
        "Retry": [
            {"ErrorEquals": ["Card.Declined"], "MaxAttempts": 0},
            {"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3, "BackoffRate": 1.5,
             "MaxDelaySeconds": 60, "JitterStrategy": "FULL"},
            {"ErrorEquals": ["States.ALL"]},
        ],
    }})
    assert "  retry 0 times every 1 second backoff 2 on Declined\n" in text
    assert "  retry 3 times every 3 seconds backoff 1.5 max delay 1 minute jitter full on TooManyRequestsException\n" in text
    assert "  retry 3 times every 1 second backoff 2\n" in text
    assert "# TODO(import) retry-count Charge:" in text


def test_a_choice_whose_arms_meet_again_is_an_if_then_the_state_where_they_meet() -> None:
    text = flow_of({
        "Pick": {"Type": "Choice", "Default": "Small",
                 "Choices": [{"Variable": "$.size", "NumericGreaterThan": 10, "Next": "Big"}]},
        "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.kind", "Next": "Done"},
        "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.kind", "Next": "Done"},
        "Done": {"Type": "Pass", "Parameters": {"kind.$": "$.kind"}, "End": True},
    })
    assert body_of(text) == (
        "set state = input\n\n"
        "if state.size > 10\n"
        '  set state = merge(state, { kind: "big" })\n'
        "else\n"
        '  set state = merge(state, { kind: "small" })\n\n'
        "set state = { kind: state.kind }\n\n"
        "return state\n"
    )


REJOINING_CATCHER = {
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
               "Parameters": {"TableName": "t"}, "ResultPath": None, "Next": "Receipt",
               "Catch": [{"ErrorEquals": ["ConditionalCheckFailedException"], "Next": "Note", "ResultPath": "$.error"}]},
    "Receipt": {"Type": "Pass", "Result": "sent", "ResultPath": "$.receipt", "Next": "Finish"},
    "Note": {"Type": "Pass", "Result": "noted", "ResultPath": "$.note", "Next": "Finish"},
    "Finish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t"},
               "ResultPath": None, "End": True, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Unsent"}]},
    "Unsent": {"Type": "Fail", "Error": "NotSent"},
}


def test_a_catcher_that_rejoins_after_next_guards_the_states_between() -> None:
    assert body_of(flow_of(REJOINING_CATCHER)) == (
        "set state = input\n\n"
        "set charge_failed = false\n\n"
        'step charge(TableName: "t")\n'
        "  on failure ConditionalCheckFailedException as error\n"
        "    set state = merge(state, { error: { Error: error.type, Cause: error.message } })\n"
        '    set state = merge(state, { note: "noted" })\n'
        "    set charge_failed = true\n\n"
        "if not charge_failed\n"
        '  set state = merge(state, { receipt: "sent" })\n\n'
        'step finish(TopicArn: "t")\n'
        "  on failure as error\n"
        "    set state = { Error: error.type, Cause: error.message }\n"
        "    fail NotSent\n\n"
        "return state\n"
    )


def test_a_catcher_that_rejoins_at_a_short_ending_writes_the_ending_itself() -> None:
    text = flow_of({**REJOINING_CATCHER, "Finish": {"Type": "Succeed"}})
    assert body_of(text) == (
        "set state = input\n\n"
        'step charge(TableName: "t")\n'
        "  on failure ConditionalCheckFailedException as error\n"
        "    set state = merge(state, { error: { Error: error.type, Cause: error.message } })\n"
        '    set state = merge(state, { note: "noted" })\n'
        "    return state\n\n"
        'set state = merge(state, { receipt: "sent" })\n\n'
        "return state\n"
    )


def test_a_long_machine_whose_every_task_catches_to_one_handler_stays_flat() -> None:
    """Sixty Tasks, one Choice after each, every one caught by a shared handler: no nesting, no recursion limit."""
    states: dict[str, Any] = {}
    for index in range(60):
        after = f"Check {index}" if index < 59 else "Done"
        states[f"Step {index}"] = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": after,
                                   "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "ResultPath": "$.last",
                                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Notify", "ResultPath": "$.error"}]}
        if index < 59:
            states[f"Check {index}"] = {"Type": "Choice", "Default": f"Step {index + 1}", "Choices": [
                {"Variable": "$.last.Payload.ok", "BooleanEquals": False, "Next": "Rejected"}]}
    states |= {"Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Done",
                          "Parameters": {"TopicArn": "t", "Message.$": "$.error"}},
               "Rejected": {"Type": "Fail", "Error": "Rejected"}, "Done": {"Type": "Succeed"}}
    text = flow_of(states, "Step 0")
    assert check_text(text, "m.flow")[0] is not None
    assert max(len(line) - len(line.lstrip()) for line in text.splitlines()) == 4
    assert text.count("step notify(") == 60 and "_failed" not in text


def test_the_state_graph_of_thousands_of_states_is_read_without_recursion() -> None:
    """A Task, Choice, Task... line of 6,000 states, one loop back at its end: each question is a tree walk."""
    states: dict[str, Any] = {}
    for index in range(3000):
        states[f"T{index}"] = {"Type": "Task", "Next": f"C{index}"}
        states[f"C{index}"] = {"Type": "Choice", "Choices": [{"Next": "Bad"}], "Default": f"T{index + 1}"}
    states["C1500"]["Choices"] = states["C1501"]["Choices"] = [{"Next": "T1502"}]
    states |= {"T3000": {"Type": "Task", "Next": "Again"}, "Bad": {"Type": "Fail"},
               "Again": {"Type": "Choice", "Choices": [{"Next": "T2990"}], "Default": "End"}, "End": {"Type": "Succeed"}}
    region = Region("T0", states, False)
    assert meeting_point(region, ["C0"], [], strict=True) is None
    assert meeting_point(region, ["C1500"], [], strict=True) == "T1502"
    assert meeting_point(region, ["Again"], ["T2990"], strict=True) is None
    assert len(loop_starts(region)["T2990"]) == 22  # T2990 to T3000, C2990 to C2999, Again


def _meeting_point_by_definition(region: Region, starts: list[str], stops: set[str], strict: bool) -> str | None:
    """The nearest state on every path from every start (that can end) to the end or a stop (strict: not a start)."""
    def ends_avoiding(start: str, avoided: str) -> bool:
        pending, seen = [start], set()
        while pending:
            node = pending.pop()
            if node == avoided or node in seen:
                continue
            seen.add(node)
            following = region.successors(node)
            if node in stops or region.ends(node) or not following:
                return True
            pending += following
        return False

    ending = [start for start in starts if ends_avoiding(start, "")]
    common = [node for node in region.states if ending and not any(ends_avoiding(s, node) for s in ending)
              and not (strict and node in starts)]
    # The nearest: the one every other common state is met after (they are on each path in one order).
    nearest = [node for node in common if all(node == other or not ends_avoiding(node, other) for other in common)]
    return nearest[0] if nearest else None


@pytest.mark.parametrize("seed", range(60))
def test_where_paths_meet_is_the_nearest_state_on_all_of_them(seed: int) -> None:
    import random

    chance = random.Random(seed)
    names = [f"S{index}" for index in range(chance.randint(3, 12))]
    states: dict[str, Any] = {}
    for name in names:
        targets = chance.sample(names, chance.randint(1, 2))
        if chance.random() < 0.2:
            states[name] = {"Type": "Succeed"}
        elif len(targets) == 2:
            states[name] = {"Type": "Choice", "Choices": [{"Next": targets[0]}], "Default": targets[1]}
        else:
            states[name] = {"Type": "Pass", "Next": targets[0]}
    region = Region(names[0], states, False)
    stops = set(chance.sample(names, chance.randint(0, 2)))
    starts = chance.sample(names, chance.randint(1, 3))
    strict = len(starts) == 1 and chance.random() < 0.5  # the writer asks strictly about one state only
    assert meeting_point(region, starts, stops, strict) == _meeting_point_by_definition(region, starts, stops, strict)


def test_a_path_back_to_an_earlier_state_is_a_repeat_bounded_by_the_services_limit() -> None:
    text = flow_of({
        "Check": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:glue:getJobRun",
                  "Parameters": {"RunId.$": "$.id"}, "Next": "Finished?"},
        "Finished?": {"Type": "Choice", "Default": "Pause",
                      "Choices": [{"Variable": "$.job.State", "StringEquals": "DONE", "Next": "Report"}]},
        "Pause": {"Type": "Wait", "Seconds": 60, "Next": "Check"},
        "Report": {"Type": "Pass", "End": True},
    })
    assert body_of(text) == (
        "set state = input\n\n"
        "set check_done = false\n\n"
        "repeat until check_done\n"
        "  max 1500 times\n"
        "  step check(RunId: state.id)\n"
        "  set state = check\n"
        '  if state.job.State == "DONE"\n'
        "    set check_done = true\n"
        "  else\n"
        "    wait pause 1 minute\n\n"
        "return state\n"
    )


def test_a_map_reads_its_items_position_and_a_parallel_gives_each_branchs_output() -> None:
    text = flow_of({
        "Each": {"Type": "Map", "ItemsPath": "$.orders", "MaxConcurrency": 0, "ResultPath": "$.done",
                 "ItemSelector": {"order.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                 "ItemProcessor": {"StartAt": "Ship", "States": {"Ship": {
                     "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True,
                     "Parameters": {"QueueUrl": "q", "MessageBody.$": "$.order"}}}},
                 "Next": "Both"},
        "Both": {"Type": "Parallel", "End": True, "ResultSelector": {"first.$": "$[0]"}, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "States.Nope", "Cause": "no"}}}]},
    })
    assert "for each item, position in state.orders as each_state\n  max concurrency 40\n" in text
    assert "  set item_state = { order: item, index: position }\n" in text
    assert '    step ship(QueueUrl: "q", MessageBody: item_state.order)' not in text
    assert '  step ship(QueueUrl: "q", MessageBody: item_state.order)\n  set item_state = ship\n' in text
    assert "    set branch_state = 1\n    set output = branch_state\n" in text
    assert '    fail Nope "no"\n' in text
    assert "set state = { first: both.a_branch }\n" in text


def test_intrinsics_and_context_read_as_the_function_library() -> None:
    text = flow_of({"Shape": {"Type": "Pass", "End": True, "Parameters": {
        "greeting.$": "States.Format('Hello {} from {}', $.name, $$.Execution.Id)",
        "parsed.$": "States.StringToJson($.raw)",
        "count.$": "States.ArrayLength($.items)",
        "id.$": "States.UUID()",
        "started.$": "$$.Execution.StartTime",
        "me.$": "$$.State.Name",
        "role.$": "$$.Execution.RoleArn",
    }}})
    assert "step shape_uuid = new_id()\n" in text
    assert ('set state = { greeting: "Hello " + text(state.name) + " from " + text(execution.id), '
            "parsed: from_json(state.raw), count: len(state.items), id: shape_uuid, "
            'started: execution.started_at, me: "Shape", role: null }') in text
    assert "# TODO(import) context Shape: the value is null; ASL: Parameters = $$.Execution.RoleArn" in text


def test_jsonata_outside_the_subset_is_a_todo_and_the_flow_still_checks() -> None:
    text = flow_of({"Shape": {"Type": "Pass", "End": True, "Output": {
        "joined": "{% $states.input.a & '-' & $states.input.b %}",
        "odd": "{% $states.input.items[price > 3] %}",
    }}}, QueryLanguage="JSONata")
    assert 'joined: text(state.a) + "-" + text(state.b)' in text
    assert "odd: null" in text
    assert "# TODO(import) unsupported Shape: the value is null (a filter in [ ] is not a position)" in text
    assert check_text(text, "m.flow")[0] is not None


@pytest.mark.parametrize("text", ['a"b', "x}\nimport os\n{y", "{input.secret}", "\\\"); raise SystemExit(\"", "é 😀"])
def test_nothing_in_a_machine_becomes_code(text: str, tmp_path: Path) -> None:
    out = import_into(tmp_path, {f"Say {text}": {"Type": "Pass", "Result": {text: text}, "Next": "Stop"},
                                 "Stop": {"Type": "Fail", "Error": text, "Cause": text}})
    flow = (out / "m.flow").read_text(encoding="utf-8")
    parsed, diagnostics = check_text(flow, "m.flow")
    assert parsed is not None, diagnostics
    assert main(["compile", str(tmp_path / "out" / "m.flow"), "-o", str(tmp_path / "build")]) == 0
    handler = (tmp_path / "build" / "m_handler.py").read_text(encoding="utf-8")
    code = ast.parse(handler)
    imported = {alias.name for node in ast.walk(code) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names}
    assert "os" not in imported
    assert "SystemExit" not in {node.id for node in ast.walk(code) if isinstance(node, ast.Name)}


def test_a_callback_task_waits_for_its_answer_and_the_stub_sends_the_callback_id(tmp_path: Path) -> None:
    imported = import_machine(machine({"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": True,
        "TimeoutSeconds": 3600, "HeartbeatSeconds": 600,
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
        "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}]},
        "Late": {"Type": "Fail", "Error": "Late"}}), "m.asl.json", "m")
    text = imported.files["m.flow"]
    assert 'wait for ask = ask(QueueUrl: "q", MessageBody: { order: state.order })\n' in text
    assert "  timeout 1 hour\n  heartbeat 10 minutes\n  on timeout as error\n" in text
    stubs = imported.files["m_actions.py"]
    assert "def ask(*, QueueUrl: Any, MessageBody: Any, callback_id: str) -> Any:" in stubs
    assert "_with_callback_id(parameters, [\"MessageBody\", \"token\"], callback_id)" in stubs
    compile(stubs, "m_actions.py", "exec")


def test_an_activity_is_the_one_stub_left_for_a_person() -> None:
    stubs = import_machine(machine({"Work": {
        "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "End": True}}),
        "m.asl.json", "m").files["m_actions.py"]
    assert "Left for a person" in stubs and "raise NotImplementedError" in stubs


@pytest.mark.parametrize(
    ("source", "place", "message", "hint"),
    [
        ('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}', "m.asl.json:1:", "not valid JSON", ""),
        (machine({"Frist": {"Type": "Pass", "End": True}}, start="First"), "m.asl.json:2:", "starts at \"First\"",
         'did you mean "Frist"?'),
        (machine({"A": {"Type": "Pass", "Next": "Bee"}, "Be": {"Type": "Pass", "End": True}}), "m.asl.json:4:",
         'Next names "Bee"', 'did you mean "Be"?'),
        (machine({"A": {"Type": "Tsk", "End": True}}), "m.asl.json:4:", 'has Type "Tsk"', 'did you mean "Task"?'),
        (machine({"A": {"Type": "Pass"}}), "m.asl.json:4:", "neither `Next` nor `End: true`", ""),
    ],
)
def test_a_file_that_is_not_a_machine_is_refused_at_its_place_and_nothing_is_written(
    source: str, place: str, message: str, hint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "m.asl.json").write_text(source, encoding="utf-8")
    code = main(["import", str(tmp_path / "m.asl.json"), "--name", "m", "-o", str(tmp_path / "out")])
    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith(str(tmp_path / place)), error
    assert message in error and "^" in error
    assert hint in error
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_the_command_checks_refuses_to_overwrite_edits_and_reports_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asl = tmp_path / "m.asl.json"
    asl.write_text(machine({"Go": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                                   "Parameters": {"FunctionName": "${Fn}", "Payload.$": "$"}}}), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(asl), "--name", "m", "-o", str(out), "--check"]) == 1
    assert main(["import", str(asl), "--name", "m", "-o", str(out)]) == 0
    assert "written as text: ${Fn}" in capsys.readouterr().out
    assert main(["import", str(asl), "--name", "m", "-o", str(out), "--check"]) == 0
    (out / "m_actions.py").write_text("# my edits\n", encoding="utf-8")
    assert main(["import", str(asl), "--name", "m", "-o", str(out)]) == 1
    assert "exists and differs" in capsys.readouterr().err
    assert (out / "m_actions.py").read_text(encoding="utf-8") == "# my edits\n"
    assert main(["import", str(asl), "--name", "m", "-o", str(out), "--force", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changed"] == ["m_actions.py"] and report["placeholders"] == ["Fn"]
    assert main(["import", str(asl), "--name", "not a name", "-o", str(out)]) == 2


def test_a_sam_templates_substitutions_fill_in_the_placeholders(tmp_path: Path) -> None:
    asl = tmp_path / "statemachine" / "ship.asl.json"
    asl.parent.mkdir()
    asl.write_text(machine({"Go": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True,
                                   "Parameters": {"TopicArn": "${Topic}", "Message": "${Unknown}"}}}), encoding="utf-8")
    (tmp_path / "template.yaml").write_text(
        "Resources:\n"
        "  Other:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: other.asl.json\n"
        "  Ship:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
        "      DefinitionUri: statemachine/ship.asl.json\n"
        "      DefinitionSubstitutions:\n        Topic: arn:aws:sns:eu-west-1:1:orders\n        Unknown: !GetAtt X.Arn\n",
        encoding="utf-8")
    assert main(["import", str(asl), "--name", "ship", "-o", str(tmp_path / "out"),
                 "--template", str(tmp_path / "template.yaml")]) == 0
    text = (tmp_path / "out" / "ship.flow").read_text(encoding="utf-8")
    assert 'step go(TopicArn: "arn:aws:sns:eu-west-1:1:orders", Message: "Unknown")' in text
    assert "(give --template): ${Unknown}." in text


def test_a_json_templates_long_forms_are_read_and_the_machine_file_is_named_exactly(tmp_path: Path) -> None:
    asl = tmp_path / "ship.asl.json"
    asl.write_text(machine({"Go": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True,
                                   "Parameters": {"TopicArn": "${Topic}", "Message": "${Fn}"}}}), encoding="utf-8")

    def state_machine(uri: str, topic: str) -> dict[str, object]:
        return {"Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionUri": uri, "DefinitionSubstitutions": {
                    "Topic": {"Ref": topic}, "Fn": {"Fn::GetAtt": ["Fn", "Arn"]}}}}

    template = {"Resources": {
        "Longer": state_machine("sm/fast-ship.asl.json", "Wrong"),
        "Ship": state_machine("sm/ship.asl.json", "Orders"),
        "Orders": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "orders"}},
        "Wrong": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "wrong"}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"FunctionName": "send"}}}}
    (tmp_path / "template.json").write_text(json.dumps(template), encoding="utf-8")
    assert main(["import", str(asl), "--name", "ship", "-o", str(tmp_path / "out"),
                 "--template", str(tmp_path / "template.json")]) == 0
    text = (tmp_path / "out" / "ship.flow").read_text(encoding="utf-8")
    assert 'step go(TopicArn: "orders", Message: "send")' in text and "Written as text" not in text


def test_a_template_without_a_state_machine_is_refused_in_words(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    asl = tmp_path / "m.asl.json"
    asl.write_text(machine({"Done": {"Type": "Succeed"}}), encoding="utf-8")
    (tmp_path / "template.yaml").write_text("Resources:\n  Fn: {Type: AWS::Serverless::Function}\n", encoding="utf-8")
    assert main(["import", str(asl), "--name", "m", "-o", str(tmp_path / "out"),
                 "--template", str(tmp_path / "template.yaml")]) == 1
    error = capsys.readouterr().err
    assert "template.yaml: error: the template has no state machine" in error and "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_a_mock_config_naming_a_state_the_machine_lacks_is_refused(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    asl = tmp_path / "m.asl.json"
    asl.write_text(machine({"Charge Card": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                            "Parameters": {"FunctionName": "f"}, "End": True}}), encoding="utf-8")
    config = {"StateMachines": {"M": {"TestCases": {"Happy": {"Charge Crd": "Ok"}}}},
              "MockedResponses": {"Ok": {"0": {"Return": {"Payload": 1}}}}}
    (tmp_path / "mock.json").write_text(json.dumps(config), encoding="utf-8")
    assert main(["import", str(asl), "--name", "m", "-o", str(tmp_path / "out"),
                 "--mock-config", str(tmp_path / "mock.json")]) == 1
    error = capsys.readouterr().err
    assert 'mocks "Charge Crd", which is not a Task the flow calls' in error and 'did you mean "Charge Card"?' in error


def test_a_synthetic_machine_runs_on_the_local_runner_as_asl_would(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A loop with an exit, a join, a guarded catcher and a Map, run with mocks: the results ASL would give."""
    asl = tmp_path / "m.asl.json"
    asl.write_text(machine({
        "Count": {"Type": "Pass", "Result": 0, "ResultPath": "$.n", "Next": "More?"},
        "More?": {"Type": "Choice", "Default": "Each",
                  "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Add"}]},
        "Add": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "items.$": "$.items"},
                "Next": "More?"},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.labels", "Next": "Charge",
                 "ItemProcessor": {"StartAt": "Label", "States": {"Label": {
                     "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
                     "Parameters": {"FunctionName": "label", "Payload.$": "$"}, "End": True}}}},
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": None,
                   "Parameters": {"FunctionName": "charge", "Payload.$": "$.n"}, "Next": "Receipt",
                   "Catch": [{"ErrorEquals": ["CardDeclined"], "ResultPath": "$.problem", "Next": "Done"}]},
        "Receipt": {"Type": "Pass", "Result": "sent", "ResultPath": "$.receipt", "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    }), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(asl), "--name", "m", "-o", str(out)]) == 0
    shutil.copy(asl, out)
    runs_its_scenarios(
        out,
        "mock_all: true\nscenarios:\n"
        "  - name: counted, labelled and charged\n    input: {items: [a, b]}\n"
        "    mocks:\n      label: {returns: {Payload: L}, times: 2}\n      charge: {returns: {}}\n"
        "    expect:\n      result: {n: 3, items: [a, b], labels: [L, L], receipt: sent}\n"
        "      calls: {charge: [{Payload: 3}]}\n"
        "  - name: a declined card skips the receipt\n    input: {items: []}\n"
        "    mocks:\n      charge: {raises: 'CardDeclined: no'}\n"
        "    expect:\n      result: {n: 3, items: [], labels: [], problem: {Error: CardDeclined, Cause: 'no'}}\n",
        capsys,
    )


POLL_MACHINE = {
    "Start Job": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:glue:startJobRun",
                  "Parameters": {"JobName": "j"}, "ResultSelector": {"id.$": "$.JobRunId"}, "ResultPath": "$.run",
                  "Next": "Check"},
    "Check": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:glue:getJobRun",
              "Parameters": {"JobName": "j", "RunId.$": "$.run.id"}, "ResultPath": "$.job", "Next": "Done?"},
    "Done?": {"Type": "Choice", "Default": "Pause", "Choices": [
        {"Variable": "$.job.JobRun.JobRunState", "StringEquals": "SUCCEEDED", "Next": "Ok"},
        {"Variable": "$.job.JobRun.JobRunState", "StringEquals": "FAILED", "Next": "Bad"}]},
    "Pause": {"Type": "Wait", "Seconds": 30, "Next": "Check"},
    "Ok": {"Type": "Succeed"},
    "Bad": {"Type": "Fail", "Error": "JobFailed"},
}


def test_a_task_choice_wait_cycle_is_a_poll_and_runs_until_a_choice_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = import_into(tmp_path, POLL_MACHINE)
    text = (out / "m.flow").read_text(encoding="utf-8")
    assert ('poll check = check(JobName: "j", RunId: state.run.id) every 30 seconds until '
            'check.JobRun.JobRunState == "SUCCEEDED" or check.JobRun.JobRunState == "FAILED"\n') in text
    assert 'if state.job.JobRun.JobRunState == "SUCCEEDED"\n  return state\n\nfail JobFailed\n' in text
    runs_its_scenarios(
        out,
        "mock_all: true\nscenarios:\n"
        "  - name: the job is checked until it succeeds\n"
        "    mocks:\n      start_job: {returns: {JobRunId: r1}}\n"
        "      check: [{returns: {JobRun: {JobRunState: RUNNING}}, times: 2}, {returns: {JobRun: {JobRunState: SUCCEEDED}}}]\n"
        "    expect:\n      result: {run: {id: r1}, job: {JobRun: {JobRunState: SUCCEEDED}}}\n"
        "      calls: {check: [{RunId: r1}, {RunId: r1}, {RunId: r1}]}\n"
        "  - name: a failed job fails the flow\n"
        "    mocks:\n      start_job: {returns: {JobRunId: r2}}\n      check: {returns: {JobRun: {JobRunState: FAILED}}}\n"
        "    expect: {error: JobFailed}\n",
        capsys,
    )


def test_a_cycle_whose_call_reads_what_it_changes_stays_a_repeat() -> None:
    states = json.loads(json.dumps(POLL_MACHINE))
    states["Check"]["Parameters"] = {"JobName": "j", "RunId.$": "$.job.next"}
    text = flow_of(states)
    assert "poll " not in text
    assert "repeat while true\n" in text


def test_an_item_reader_is_a_step_of_its_own_before_the_map() -> None:
    imported = import_machine(machine({"Each": {
        "Type": "Map", "End": True, "MaxConcurrency": 100, "ToleratedFailurePercentage": 5,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"},
                       "Parameters": {"Bucket": "b", "Key.$": "$.key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "Do", "States": {"Do": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
            "Parameters": {"FunctionName": "f", "Payload.$": "$"}}}}}}), "m.asl.json", "m")
    text = imported.files["m.flow"]
    assert ('step each_state_item_reader(Bucket: "b", Key: state.key)\n\n'
            "for each item in each_state_item_reader as each_state\n  max concurrency 100\n  tolerate 5% failures\n"
            '  invoke each_state_item_processor = "each_state_item_processor" with item\n') in text
    assert "step do(" in imported.files["each_state_item_processor.flow"]
    assert '_read_items("get_object", parameters, "CSV")' in imported.files["m_actions.py"]


def test_an_asl_yaml_machine_imports_like_its_json(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    source = json.loads(machine(POLL_MACHINE))
    (tmp_path / "m.asl.yaml").write_text("", encoding="utf-8")
    with (tmp_path / "m.asl.yaml").open("w", encoding="utf-8") as stream:
        YAML(typ="safe", pure=True).dump(source, stream)
    from_yaml = import_machine((tmp_path / "m.asl.yaml").read_text(encoding="utf-8"), "m.asl.yaml", "m")
    from_json = import_machine(json.dumps(source), "m.asl.json", "m")
    assert from_yaml.files["m.flow"].replace("m.asl.yaml", "m.asl.json") == from_json.files["m.flow"]


STUBBED_MACHINE = {
    "Save Order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Next": "Charge",
                   "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.id"}},
                                  "ConditionExpression": "attribute_not_exists(id)"},
                   "ResultPath": None,
                   "Retry": [{"ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"],
                              "IntervalSeconds": 1, "MaxAttempts": 1}],
                   "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                              "ResultPath": "$.exists", "Next": "Known"}]},
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
               "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "ResultSelector": {"paid.$": "$.Payload"},
               "Catch": [{"ErrorEquals": ["CardDeclined"], "Next": "Declined"}]},
    "Known": {"Type": "Succeed"},
    "Declined": {"Type": "Fail", "Error": "Payments.Declined", "Cause": "the card was declined"},
}


@pytest.fixture
def stubbed_actions(tmp_path: Path) -> Any:
    """The imported flow's real actions module, its boto3 clients answered by botocore's Stubber."""
    import importlib
    import sys

    import boto3
    from botocore.stub import Stubber

    import_into(tmp_path, STUBBED_MACHINE)
    sys.path.insert(0, str(tmp_path / "out"))
    sys.modules.pop("m_actions", None)
    actions = importlib.import_module("m_actions")
    stubbers = {}
    for service in ("dynamodb", "lambda"):
        client = boto3.client(service, region_name="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s")
        actions._CLIENTS[service] = client
        stubbers[service] = Stubber(client)
        stubbers[service].activate()
    yield stubbers
    sys.path.remove(str(tmp_path / "out"))
    sys.modules.pop("m_actions", None)


def test_the_stubs_raise_an_aws_error_and_a_function_error_under_the_names_the_machine_catches(
    tmp_path: Path, stubbed_actions: Any
) -> None:
    """Run with the real stubs, not mocks: boto3's errors reach `on failure` as the ASL named them."""
    import io

    from botocore.response import StreamingBody

    from dflow.local.execute import execute
    from tests.test_runtime_corners import load

    handler = load((tmp_path / "out" / "m.flow").read_text(encoding="utf-8"), tmp_path)
    put = {"TableName": "orders", "Item": {"id": {"S": "o-1"}}, "ConditionExpression": "attribute_not_exists(id)"}
    dynamodb, lambda_ = stubbed_actions["dynamodb"], stubbed_actions["lambda"]

    dynamodb.add_client_error("put_item", "ProvisionedThroughputExceededException", "slow down",
                              expected_params=put)
    dynamodb.add_client_error("put_item", "ConditionalCheckFailedException", "The conditional request failed",
                              expected_params=put)
    known = execute(handler, {"id": "o-1"}, {}, timeout_seconds=30)
    assert known.status == "succeeded", known
    assert known.attempts("save_order") == 2
    assert known.result == {"id": "o-1", "exists": {"Error": "ConditionalCheckFailedException",
                                                    "Cause": "The conditional request failed"}}

    declined = json.dumps({"errorType": "CardDeclined", "errorMessage": "insufficient funds"}).encode()
    dynamodb.add_response("put_item", {}, expected_params=put)
    lambda_.add_response("invoke", {"StatusCode": 200, "FunctionError": "Unhandled",
                                    "Payload": StreamingBody(io.BytesIO(declined), len(declined))},
                         expected_params={"FunctionName": "charge", "Payload": json.dumps({"id": "o-1"}).encode()})
    failed = execute(handler, {"id": "o-1"}, {}, timeout_seconds=30)
    assert (failed.status, failed.error_message) == ("failed", "the card was declined")
    assert str(failed.error_type).rsplit(".", 1)[-1] == "Declined"  # the SDK names it with its module

    paid = json.dumps({"receipt": "r-9"}).encode()
    dynamodb.add_response("put_item", {}, expected_params=put)
    lambda_.add_response("invoke", {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(paid), len(paid))},
                         expected_params={"FunctionName": "charge", "Payload": json.dumps({"id": "o-1"}).encode()})
    ok = execute(handler, {"id": "o-1"}, {}, timeout_seconds=30)
    assert (ok.status, ok.result) == ("succeeded", {"paid": {"receipt": "r-9"}})
    dynamodb.assert_no_pending_responses()
    lambda_.assert_no_pending_responses()


def test_a_text_with_a_carriage_return_tab_or_control_character_imports_exactly() -> None:
    text = flow_of({"Keep": {"Type": "Pass", "Result": "a\r\nb\tc\x01d{e}", "End": True}})
    assert 'set state = "a\\r\\nb\\tc\x01d{{e}}"\n' in text
    flow, _ = check_text(text, "m.flow")
    assert flow is not None


SKIPPING_CHOICES = {
    "Seen?": {"Type": "Choice", "Default": "Work",
              "Choices": [{"Variable": "$.seen", "BooleanEquals": True, "Next": "Pick"}]},
    "Work": {"Type": "Pass", "Result": "done", "ResultPath": "$.work", "Next": "Pick"},
    "Pick": {"Type": "Choice", "Default": "Join", "Choices": [
        {"Variable": "$.a", "BooleanEquals": True, "Next": "X"},
        {"Variable": "$.b", "BooleanEquals": True, "Next": "Join"},
        {"Variable": "$.c", "BooleanEquals": True, "Next": "Z"}]},
    "X": {"Type": "Pass", "Result": 1, "ResultPath": "$.x", "Next": "Join"},
    "Z": {"Type": "Pass", "Result": 1, "ResultPath": "$.z", "Next": "Join"},
    "Join": {"Type": "Succeed"},
}


@pytest.mark.parametrize(
    ("given", "result"),
    [
        ({"seen": True, "a": False, "b": False, "c": False}, {}),
        ({"seen": False, "a": False, "b": False, "c": False}, {"work": "done"}),
        ({"seen": True, "a": False, "b": True, "c": True}, {}),
        ({"seen": True, "a": False, "b": False, "c": True}, {"z": 1}),
        ({"seen": True, "a": True, "b": True, "c": True}, {"x": 1}),
    ],
)
def test_a_choice_arm_that_goes_straight_on_keeps_the_later_arms_from_running(
    given: dict[str, bool], result: dict[str, Any], tmp_path: Path
) -> None:
    """ASL takes the first arm that matches: one with nothing to do still keeps the default and later arms out."""
    from tests.on_runner import run

    outcome = run(flow_of(SKIPPING_CHOICES), tmp_path, given)
    assert outcome.status == "succeeded", outcome
    assert outcome.result == {**given, **result}


def test_a_state_that_loops_to_itself_doing_nothing_is_refused_in_words() -> None:
    with pytest.raises(MachineError, match="loops back to itself without doing anything"):
        flow_of({"Spin": {"Type": "Pass", "Next": "Spin"}})


def test_a_state_named_like_a_python_keyword_becomes_a_name_python_allows() -> None:
    text = flow_of({
        "Lambda": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Pass",
                   "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "ResultPath": "$.a"},
        "Pass": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:review", "End": True,
                 "Parameters": {"class": 1, "order-id": 2, "callback_id": 3}},
    })
    assert "step lambda_state(FunctionName: " in text
    assert "wait for pass_state = pass_state(class_state: 1, order_id: 2, callback_id_: 3)" in text
    assert check_text(text, "m.flow")[0] is not None


CATCHERS_THAT_GO_ON = {
    # A catcher back to the loop's start: try again after a pause, the result kept only when it worked.
    "Try": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Each",
            "Parameters": {"FunctionName": "try"}, "ResultSelector": {"v.$": "$.Payload"}, "ResultPath": "$.r",
            "Catch": [{"ErrorEquals": ["Busy"], "ResultPath": "$.err", "Next": "Pause"}]},
    "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Try"},
    # A catcher in an item that ends the item with a fallback: the rest of the item does not run.
    "Each": {"Type": "Map", "ItemsPath": "$.xs", "ResultPath": "$.items", "Next": "Charge", "MaxConcurrency": 1,
             "ItemProcessor": {"StartAt": "Label", "States": {
                 "Label": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "More",
                           "Parameters": {"FunctionName": "label"}, "ResultPath": "$.label",
                           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}]},
                 "Fallback": {"Type": "Pass", "Result": "fallback", "End": True},
                 "More": {"Type": "Pass", "Result": "more", "ResultPath": "$.more", "End": True}}}},
    # A catcher that rejoins at Next: the failed Task's ResultPath is not applied.
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done",
               "Parameters": {"FunctionName": "charge"}, "ResultPath": "$.charged",
               "Catch": [{"ErrorEquals": ["Declined"], "ResultPath": "$.declined", "Next": "Done"}]},
    "Done": {"Type": "Pass", "Result": True, "ResultPath": "$.done", "End": True},
}


def test_a_catcher_that_goes_on_skips_the_failed_states_result_and_what_follows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run as ASL would: caught failures leave no `ResultPath` behind and never run the normal path."""
    out = import_into(tmp_path, CATCHERS_THAT_GO_ON)
    runs_its_scenarios(
        out,
        "mock_all: true\nscenarios:\n"
        "  - name: busy once, one label fails, the card is declined\n    input: {xs: [{n: 1}, {n: 2}]}\n"
        "    mocks:\n"
        "      try_state: [{raises: 'Busy: wait'}, {returns: {Payload: 7}}]  # Try is a Python word\n"
        "      label: [{returns: L}, {raises: 'Broken: no'}]\n"
        "      charge: {raises: 'Declined: card'}\n"
        "    expect:\n"
        "      result:\n"
        "        xs: [{n: 1}, {n: 2}]\n"
        "        err: {Error: Busy, Cause: wait}\n"
        "        r: {v: 7}\n"
        "        items: [{n: 1, label: L, more: more}, fallback]\n"
        "        declined: {Error: Declined, Cause: card}\n"
        "        done: true\n"
        "      attempts: {try_state: 2}\n",
        capsys,
    )
