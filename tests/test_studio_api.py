"""The studio's HTTP interface: who may use it, which files it touches, and what each route answers.

Runs go through the real worker process and the SDK's local runner with the
example's real actions; nothing is stood in for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.studio_support import PORT, ROOT, TOKEN, client, copy_example, events

VENDING_INPUT = {"order_id": "o-1", "slot": "A1", "price_cents": 250}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


# ---------------------------------------------------------------- who may use it

@pytest.mark.parametrize("path", ["/", "/api/files", "/api/file?path=vending.flow", "/static/studio.js", "/no/such/route"])
def test_every_request_without_the_token_is_refused_before_routing(folder: Path, path: str) -> None:
    response = client(folder, token=None).get(path)
    assert response.status_code == 403
    assert "token" in response.text


def test_a_wrong_token_is_refused(folder: Path) -> None:
    assert client(folder, token="guess").get("/api/files").status_code == 403


def test_the_token_in_the_query_sets_a_cookie_that_then_suffices(folder: Path) -> None:
    api = client(folder, token=None)
    first = api.get(f"/?token={TOKEN}", follow_redirects=False)
    # The cookie is set, and the page is opened again without the token in its address.
    assert (first.status_code, first.headers["location"]) == (303, "/")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"dflow_studio_token_{PORT}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert api.get("/").status_code == 200
    assert api.get("/api/files").status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8123", f"127.0.0.1:{PORT + 1}", "127.0.0.1", f"attacker.localhost:{PORT}"])
def test_a_foreign_host_is_refused_even_with_the_token(folder: Path, host: str) -> None:
    assert client(folder, host=host).get("/api/files").status_code == 403


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}"])
def test_the_servers_own_names_are_its_host(folder: Path, host: str) -> None:
    assert client(folder, host=host).get("/api/files").status_code == 200


@pytest.mark.parametrize("origin", ["null", "https://evil.example", f"http://127.0.0.1:{PORT + 1}", f"https://127.0.0.1:{PORT}"])
def test_a_foreign_origin_is_refused_even_with_the_token(folder: Path, origin: str) -> None:
    response = client(folder).post("/api/analyse", json={"path": "vending.flow", "text": ""}, headers={"Origin": origin})
    assert response.status_code == 403


@pytest.mark.parametrize("origin", [f"http://127.0.0.1:{PORT}", f"http://localhost:{PORT}"])
def test_the_servers_own_origin_is_accepted(folder: Path, origin: str) -> None:
    response = client(folder).post("/api/analyse", json={"path": "vending.flow", "text": ""}, headers={"Origin": origin})
    assert response.status_code == 200


# ---------------------------------------------------------------- which files

def test_the_flows_under_the_folder_are_listed_in_both_forms(folder: Path) -> None:
    (folder / "nested").mkdir()
    (folder / "nested" / "other.flow").write_text("flow other\nlog \"hi\"\n")
    listing = client(folder).get("/api/files").json()
    assert listing["flows"] == ["nested/other.flow", "vending.flow", "vending.flow.yaml"]


def test_serving_one_flow_lists_and_opens_only_that_flow(folder: Path) -> None:
    api = client(folder / "vending.flow")
    assert api.get("/api/files").json()["flows"] == ["vending.flow"]
    assert api.get("/api/file?path=vending.flow.yaml").status_code == 403


@pytest.mark.parametrize(
    "path", ["../secret.flow", "/etc/passwd", "vending/actions.py", "..%2Fsecret.flow", "nested/../../secret.flow", "", "vending.scenarios.yaml"],
)
def test_no_path_outside_the_folder_or_that_is_not_a_flow_is_read(folder: Path, path: str) -> None:
    (folder.parent / "secret.flow").write_text("flow secret\n")
    response = client(folder).get("/api/file", params={"path": path})
    assert response.status_code in (403, 404)
    assert "secret" not in response.text


def test_a_link_that_leads_outside_the_folder_is_refused(folder: Path) -> None:
    (folder.parent / "secret.flow").write_text("flow secret\n")
    os.symlink(folder.parent / "secret.flow", folder / "inside.flow")
    api = client(folder)
    assert api.get("/api/file", params={"path": "inside.flow"}).status_code == 403
    assert api.put("/api/file", json={"path": "inside.flow", "text": "x"}).status_code == 403
    assert (folder.parent / "secret.flow").read_text() == "flow secret\n"


def test_no_file_outside_the_folder_is_written(folder: Path) -> None:
    response = client(folder).put("/api/file", json={"path": "../written.flow", "text": "flow x\n"})
    assert response.status_code == 403
    assert not (folder.parent / "written.flow").exists()


# ---------------------------------------------------------------- reading and saving

def test_save_writes_the_file_and_returns_its_new_version(folder: Path) -> None:
    api = client(folder)
    opened = api.get("/api/file?path=vending.flow").json()
    text = opened["text"].replace("timeout 1 day", "timeout 2 days")
    saved = api.put("/api/file", json={"path": "vending.flow", "text": text, "version": opened["version"]})
    assert saved.status_code == 200 and saved.json()["version"] != opened["version"]
    assert (folder / "vending.flow").read_text() == text


def test_save_refuses_to_overwrite_a_file_changed_on_disk_since_it_was_opened(folder: Path) -> None:
    api = client(folder)
    opened = api.get("/api/file?path=vending.flow").json()
    (folder / "vending.flow").write_text(opened["text"] + "# edited elsewhere\n")
    response = api.put("/api/file", json={"path": "vending.flow", "text": "flow mine\n", "version": opened["version"]})
    assert response.status_code == 409
    assert "changed on disk" in response.json()["error"]
    assert (folder / "vending.flow").read_text().endswith("# edited elsewhere\n")


def test_a_flow_that_is_not_utf8_is_a_clear_422_and_is_not_overwritten(folder: Path) -> None:
    (folder / "latin.flow").write_bytes(b"flow caf\xe9\n")
    api = client(folder)
    response = api.get("/api/file?path=latin.flow")
    assert response.status_code == 422 and "not UTF-8" in response.json()["error"]
    assert api.put("/api/file", json={"path": "latin.flow", "text": "flow x\n", "version": "0"}).status_code == 422
    assert (folder / "latin.flow").read_bytes() == b"flow caf\xe9\n"


def test_a_body_that_is_not_json_is_a_clear_400(folder: Path) -> None:
    response = client(folder).post("/api/analyse", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == "the request body is not JSON"


# ---------------------------------------------------------------- what a keystroke asks for

def test_analysis_gives_the_diagnostics_the_diagram_and_the_input_form(folder: Path) -> None:
    text = (folder / "vending.flow").read_text()
    result = client(folder).post("/api/analyse", json={"path": "vending.flow", "text": text}).json()
    assert result["errors"] == 0 and result["diagnostics"] == []
    assert result["dot"].startswith('digraph "vending"')
    operations = {node["operation"] for node in result["nodes"]}
    assert {"validate", "reservation", "payment", "dispense", "audit", "undo_reservation"} <= operations
    payment = next(node for node in result["nodes"] if node["operation"] == "payment")
    assert payment["span"]["line"] == text.split("\n").index(next(l for l in text.split("\n") if l.startswith("wait for payment"))) + 1
    assert [(field["name"], field["type"]) for field in result["inputs"]] == [
        ("order_id", "string"), ("slot", "string"), ("price_cents", "integer"),
    ]


def test_a_misspelt_name_gets_a_located_diagnostic_with_a_one_click_fix(folder: Path) -> None:
    text = (folder / "vending.flow").read_text().replace("reservation: reservation.id", "reservation: reservaton.id")
    result = client(folder).post("/api/analyse", json={"path": "vending.flow", "text": text}).json()
    (diagnostic,) = [d for d in result["diagnostics"] if d["severity"] == "error"]
    assert "reservaton" in diagnostic["message"]
    assert {key: diagnostic["fix"][key] for key in ("label", "insert")} == {"label": "use reservation", "insert": "reservation"}
    assert diagnostic["fix"]["span"] == diagnostic["span"]  # the misspelt name is what it replaces
    line = text.split("\n")[diagnostic["span"]["line"] - 1]
    assert line[diagnostic["span"]["column"] - 1:diagnostic["span"]["end_column"] - 1] == "reservaton"
    assert result["dot"] is not None  # the diagram stays while a name is half typed


def test_a_syntax_error_is_located_and_the_page_keeps_its_last_diagram(folder: Path) -> None:
    result = client(folder).post("/api/analyse", json={"path": "vending.flow", "text": "flow vending\nstep x = (\n"}).json()
    assert result["errors"] >= 1 and result["dot"] is None
    assert result["diagnostics"][0]["span"]["line"] == 2


def test_the_docs_page_is_one_request_away(folder: Path) -> None:
    page = client(folder).post("/api/docs", json={"path": "vending.flow"}).json()["markdown"]
    assert page.startswith("# vending")


# ---------------------------------------------------------------- runs in the worker

def test_a_run_streams_its_timeline_waits_for_the_callback_and_ends_with_the_result(folder: Path) -> None:
    api = client(folder)
    text = (folder / "vending.flow").read_text()
    run = api.post("/api/runs", json={"path": "vending.flow", "text": text, "input": VENDING_INPUT}).json()
    messages = events(api, run["id"], answer={"answer": {"status": "approved"}})
    kinds = [message["type"] for message in messages]
    assert kinds.index("callback") < kinds.index("outcome") < kinds.index("done")
    (outcome,) = [message for message in messages if message["type"] == "outcome"]
    assert outcome["status"] == "succeeded" and outcome["result"] == {"status": "dispensed", "order_id": "o-1"}
    started = [m["name"] for m in messages if m["type"] == "event" and m["status"] == "started"]
    assert started == ["validate", "reservation", "payment", "dispense", "audit"]


def test_letting_a_callback_time_out_takes_the_timeout_path_at_once(folder: Path) -> None:
    api = client(folder)
    text = (folder / "vending.flow").read_text()
    run = api.post("/api/runs", json={"path": "vending.flow", "text": text, "input": VENDING_INPUT}).json()
    messages = events(api, run["id"], answer={"timeout": True})
    (outcome,) = [message for message in messages if message["type"] == "outcome"]
    assert outcome["result"] == {"status": "timed_out", "order_id": "o-1"}


def test_an_action_that_kills_its_process_is_reported_and_the_server_carries_on(folder: Path) -> None:
    actions = folder / "vending" / "actions.py"
    actions.write_text(actions.read_text().replace(
        'def validate_request(order_id: str, slot: str) -> dict[str, Any]:\n',
        'def validate_request(order_id: str, slot: str) -> dict[str, Any]:\n    import os\n    os._exit(7)\n',
    ))
    api = client(folder)
    text = (folder / "vending.flow").read_text()
    run = api.post("/api/runs", json={"path": "vending.flow", "text": text, "input": VENDING_INPUT}).json()
    messages = events(api, run["id"])
    assert any(m["type"] == "error" and "exit code 7" in m["message"] for m in messages)
    assert api.get("/api/files").status_code == 200


def test_answering_a_run_that_waits_for_nothing_is_a_conflict(folder: Path) -> None:
    api = client(folder)
    text = (folder / "vending.flow").read_text()
    run = api.post("/api/runs", json={"path": "vending.flow", "text": text, "input": {"order_id": 7}}).json()
    events(api, run["id"])
    assert api.post(f"/api/runs/{run['id']}/callback", json={"answer": {}}).status_code == 409


# ---------------------------------------------------------------- scenarios

def test_the_scenarios_beside_the_flow_are_listed_and_run_with_their_results(folder: Path) -> None:
    api = client(folder)
    listing = api.get("/api/scenarios?path=vending.flow").json()
    assert listing["file"] == "vending.scenarios.yaml" and len(listing["scenarios"]) == 7
    run = api.post("/api/scenarios/run", json={"path": "vending.flow", "names": ["approved payment dispenses"]}).json()
    results = [m for m in events(api, run["id"]) if m["type"] == "scenario"]
    assert [(r["scenario"], r["passed"]) for r in results] == [("approved payment dispenses", True)]


def test_a_run_saved_as_a_scenario_is_added_to_the_file_keeping_its_comments_and_then_passes(folder: Path) -> None:
    api = client(folder)
    before = (folder / "vending.scenarios.yaml").read_text()
    saved = api.post("/api/scenarios/save", json={
        "path": "vending.flow", "name": "a kiosk sale", "input": VENDING_INPUT,
        "callbacks": {"payment": {"answer": {"status": "approved"}}},
        "outcome": {"status": "succeeded", "result": {"status": "dispensed", "order_id": "o-1"}},
        "ran": ["validate", "reservation", "payment", "dispense", "audit"],
    })
    assert saved.status_code == 200, saved.text
    after = (folder / "vending.scenarios.yaml").read_text()
    assert after.startswith(before.split("scenarios:")[0]) and "a kiosk sale" in after
    run = api.post("/api/scenarios/run", json={"path": "vending.flow", "names": ["a kiosk sale"]}).json()
    (result,) = [m for m in events(api, run["id"]) if m["type"] == "scenario"]
    assert result["passed"], result
    again = api.post("/api/scenarios/save", json={"path": "vending.flow", "name": "a kiosk sale", "outcome": {"status": "succeeded"}})
    assert again.status_code == 400 and "already has" in again.json()["error"]


def test_a_run_that_did_not_end_cannot_be_saved(folder: Path) -> None:
    response = client(folder).post("/api/scenarios/save", json={"path": "vending.flow", "name": "x", "outcome": None})
    assert response.status_code == 400


# ---------------------------------------------------------------- a deployed function's executions

def test_the_executions_of_a_deployed_function_are_listed_with_their_history(
    folder: Path, compile_flow: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against the SDK testing package's HTTP emulator, which serves Lambda's durable execution APIs."""
    from tests.emulator import emulator

    vending = compile_flow(ROOT / "examples" / "vending" / "vending.flow")
    with emulator(vending.handler, monkeypatch) as service:
        arn = service.start("vending", VENDING_INPUT)
        callback_id = service.pending_callback(arn, "payment create callback id")
        service.client.send_durable_execution_callback_success(CallbackId=callback_id, Result=b'{"status": "approved"}')
        assert service.outcome(arn)["Status"] == "SUCCEEDED"

        api = client(folder)
        where = {"function": "vending", "endpoint": service.url, "region": "us-west-2"}
        listed = api.post("/api/executions", json=where)
        assert listed.status_code == 200, listed.text
        (execution,) = listed.json()["executions"]
        assert execution["arn"] == arn and execution["status"] == "succeeded"

        history = api.post("/api/executions/history", json={**where, "arn": arn}).json()
        assert history["status"] == "succeeded"
        finished = [(e["name"], e["status"]) for e in history["events"] if e["status"] == "succeeded" and e["kind"] == "step"]
        assert finished == [("validate", "succeeded"), ("reservation", "succeeded"), ("dispense", "succeeded"), ("audit", "succeeded")]
        assert ("payment", "succeeded") in [(e["name"], e["status"]) for e in history["events"] if e["kind"] == "callback"]


def test_executions_of_an_unreachable_service_are_a_clear_error(folder: Path) -> None:
    response = client(folder).post("/api/executions", json={"function": "vending", "endpoint": "http://127.0.0.1:9", "region": "us-west-2"})
    assert response.status_code == 502
    assert response.json()["error"]


def test_in_a_project_runs_import_the_actions_from_its_actions_folder(tmp_path: Path) -> None:
    from dflow.cli import main as dflow

    assert dflow(["new", str(tmp_path / "shop")]) == 0
    api = client(tmp_path / "shop")
    assert api.get("/api/files").json()["flows"] == ["flows/vending.flow"]
    text = (tmp_path / "shop" / "flows" / "vending.flow").read_text()
    run = api.post("/api/runs", json={"path": "flows/vending.flow", "text": text, "input": VENDING_INPUT}).json()
    (outcome,) = [m for m in events(api, run["id"], answer={"answer": {"status": "approved"}}) if m["type"] == "outcome"]
    assert outcome["result"] == {"status": "dispensed", "order_id": "o-1"}
    listing = api.get("/api/scenarios?path=flows/vending.flow").json()
    assert listing["file"] == "flows/vending.scenarios.yaml" and len(listing["scenarios"]) == 7


def test_hover_and_completion_answer_from_the_language_servers_analysis(folder: Path) -> None:
    text = (folder / "vending.flow").read_text()
    index = text.index("input.slot") + len("input.")
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    ask = {"path": "vending.flow", "text": text, "line": line, "column": column}
    found = client(folder).post("/api/hover", json=ask).json()["hover"]
    assert found["markdown"].startswith("input field `slot`")
    items = client(folder).post("/api/complete", json=ask).json()["items"]
    assert {item["label"] for item in items} == {"order_id", "slot", "price_cents"}
    bad = client(folder).post("/api/hover", json={**ask, "line": "x"})
    assert bad.status_code == 400 and "whole numbers" in bad.json()["error"]
