"""The studio page in a real browser: Debian's Chromium, driven by Playwright, against `dflow studio`.

What an analyst does: open the vending flow, make a mistake and see it
explained, fix it with one click, run the flow and answer the payment on the
page, watch the path light up, run the scenarios, save. `.ci/run` installs
Chromium; elsewhere these tests skip unless DFLOW_REQUIRE_BROWSER is set.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.studio_support import copy_example, studio_command

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("DFLOW_REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


@pytest.fixture
def page(browser: Any, folder: Path) -> Iterator[Any]:
    with studio_command(folder) as url:
        context = browser.new_context(viewport={"width": 1500, "height": 950})
        opened = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.on("request", lambda request: requests.append(request.url))
        opened.goto(url)
        opened.wait_for_selector("[data-testid=diagram] g.node")
        yield opened
        context.close()
        assert errors == [], errors
        origin = url.split("/?")[0]
        assert [r for r in requests if not r.startswith((origin, "data:"))] == []  # no CDN, nothing else


def type_after(page: Any, line_start: str, text: str) -> None:
    """Put the cursor at the end of the first line that starts with `line_start`, then type, key by key."""
    page.click(".cm-content")
    page.evaluate(
        """(start) => {
            const doc = studio.view.state.doc;
            for (let n = 1; n <= doc.lines; n++) {
                const line = doc.line(n);
                if (line.text.startsWith(start)) { studio.view.dispatch({ selection: { anchor: line.to } }); return; }
            }
            throw new Error("no line starts with " + start);
        }""",
        line_start,
    )
    page.keyboard.type(text)


def type_at_end(page: Any, text: str) -> None:
    page.click(".cm-content")
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_the_page_lists_the_flows_and_opens_the_first_in_the_editor_with_its_diagram(page: Any) -> None:
    assert page.inner_text("[data-testid=file-list]").split() == ["vending.flow", "vending.flow.yaml"]
    assert "flow vending" in page.inner_text("[data-testid=editor]")
    nodes = page.locator("[data-testid=diagram] g.node[data-operation]")
    assert nodes.count() >= 8
    assert set(nodes.evaluate_all("(all) => all.map((n) => n.dataset.status)")) == {"idle"}


def test_a_mistake_is_explained_as_it_is_typed_and_fixed_with_one_click(page: Any) -> None:
    type_after(page, "step validate", "\nstep extra = audit(order_id: input.ordr_id, outcome: \"again\")")
    # Wait for the diagnostics of the final text: while keys arrive (and CodeMirror closes the `(` it
    # opened), earlier texts have other errors, and a loaded machine may show one of them first.
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=diagnostics] li.error')]"
        ".some((li) => li.innerText.includes('ordr_id') && li.innerText.includes('did you mean'))"
    )
    problem = page.locator("[data-testid=diagnostics] li.error", has_text="ordr_id")
    assert "did you mean `input.order_id`?" in problem.inner_text()
    assert page.locator(".cm-lintRange-error").count() >= 1  # underlined in the text
    problem.locator("[data-testid=fix]").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=diagnostics] li.error').length === 0")
    assert "input.order_id, outcome: \"again\"" in page.inner_text("[data-testid=editor]")
    page.wait_for_function("[...document.querySelectorAll('[data-testid=diagram] g.node')].some((n) => n.dataset.operation === 'extra')")


def test_the_form_and_the_json_box_stay_in_step_both_ways(page: Any) -> None:
    page.fill("[data-testid=input-order_id]", "o-9")
    page.fill("[data-testid=input-price_cents]", "120")
    page.click("summary")
    assert json.loads(page.input_value("[data-testid=input-json]")) == {"order_id": "o-9", "price_cents": 120}
    page.fill("[data-testid=input-json]", json.dumps({"order_id": "o-10", "slot": "B2", "price_cents": 300}))
    page.dispatch_event("[data-testid=input-json]", "input")
    assert page.input_value("[data-testid=input-slot]") == "B2"
    assert page.input_value("[data-testid=input-price_cents]") == "300"


def test_a_run_with_the_payment_approved_on_the_page_draws_its_path_and_shows_the_result(page: Any) -> None:
    page.fill("[data-testid=input-order_id]", "o-1")
    page.fill("[data-testid=input-slot]", "A1")
    page.fill("[data-testid=input-price_cents]", "250")
    page.click("[data-testid=run-button]")
    pending = page.locator("[data-testid=callback-pending]")
    pending.wait_for(state="visible")
    assert "payment" in pending.inner_text()
    assert page.locator("[data-testid=diagram] g.node[data-operation=payment]").get_attribute("data-status") == "waiting"
    page.fill("[data-testid=callback-answer]", '{"status": "approved"}')
    page.click("[data-testid=callback-send]")
    page.wait_for_selector("[data-testid=result][data-status=succeeded]")
    assert json.loads(page.inner_text("#result-text")) == {"status": "dispensed", "order_id": "o-1"}
    events = page.locator("[data-testid=timeline] li").evaluate_all("(all) => all.map((e) => [e.dataset.name, e.dataset.status])")
    assert ["payment", "succeeded"] in events and ["dispense", "succeeded"] in events
    statuses = dict(page.locator("[data-testid=diagram] g.node[data-operation]").evaluate_all(
        "(all) => all.map((n) => [n.dataset.operation + '@' + n.dataset.node, n.dataset.status])"
    ))
    by_operation: dict[str, list[str]] = {}
    for key, status in statuses.items():
        by_operation.setdefault(key.split("@")[0], []).append(status)
    assert by_operation["dispense"] == ["succeeded"]
    assert sorted(by_operation["audit"]) == ["idle", "succeeded"]  # only the arm that ran
    assert by_operation["release_slot"] == ["idle", "idle"]


def test_failing_the_callback_on_the_page_fails_the_run_and_undoes_the_reservation(page: Any) -> None:
    page.click("summary")
    page.fill("[data-testid=input-json]", json.dumps({"order_id": "o-2", "slot": "A1", "price_cents": 250}))
    page.dispatch_event("[data-testid=input-json]", "input")
    page.click("[data-testid=run-button]")
    page.locator("[data-testid=callback-pending]").wait_for(state="visible")
    page.fill("[data-testid=callback-answer]", "card terminal offline")
    page.click("[data-testid=callback-fail]")
    page.wait_for_selector("[data-testid=result][data-status=failed]")
    assert "card terminal offline" in page.inner_text("[data-testid=result]")
    assert page.locator("[data-testid=diagram] g.node[data-operation=undo_reservation]").get_attribute("data-status") == "succeeded"


def test_the_scenarios_run_from_the_page_and_a_run_is_saved_as_a_new_one(page: Any, folder: Path) -> None:
    page.click("[data-tab=scenarios]")
    rows = page.locator("[data-testid=scenarios] li")
    rows.first.wait_for()
    assert rows.count() == 7
    page.click("#scenarios-run-all")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=scenario-result]')].every((r) => r.dataset.status === 'passed')",
        timeout=60000,
    )
    page.click("[data-tab=run]")
    page.click("summary")
    page.fill("[data-testid=input-json]", json.dumps({"order_id": "o-3", "slot": "A1", "price_cents": 250}))
    page.dispatch_event("[data-testid=input-json]", "input")
    page.click("[data-testid=run-button]")
    page.locator("[data-testid=callback-pending]").wait_for(state="visible")
    page.click("[data-testid=callback-timeout]")  # let it time out: the timeout path, at once
    page.wait_for_selector("[data-testid=result][data-status=succeeded]")
    assert json.loads(page.inner_text("#result-text"))["status"] == "timed_out"
    page.fill("#scenario-name", "an unanswered payment times out")
    page.click("[data-testid=scenario-save]")
    page.wait_for_function("document.querySelector('#save-message').textContent.startsWith('Saved')")
    assert "an unanswered payment times out" in (folder / "vending.scenarios.yaml").read_text()
    page.click("[data-tab=scenarios]")
    saved = page.locator("[data-testid=scenarios] li[data-scenario='an unanswered payment times out']")
    saved.locator("button").click()
    page.wait_for_function(
        "document.querySelector(\"li[data-scenario='an unanswered payment times out'] [data-testid=scenario-result]\").dataset.status === 'passed'",
        timeout=60000,
    )


def test_save_writes_the_file_and_refuses_to_overwrite_a_change_made_on_disk(page: Any, folder: Path) -> None:
    save = page.locator("[data-testid=save-button]")
    assert save.is_disabled()
    type_at_end(page, "\n# checked with the shop on Monday")
    assert save.is_enabled()
    save.click()
    page.wait_for_function("document.querySelector('[data-testid=save-button]').disabled")
    assert (folder / "vending.flow").read_text().endswith("# checked with the shop on Monday")
    (folder / "vending.flow").write_text((folder / "vending.flow").read_text() + "\n# edited elsewhere\n")
    type_at_end(page, "\n# mine")
    page.on("dialog", lambda dialog: dialog.dismiss())
    save.click()
    page.wait_for_function("document.querySelector('#status').textContent.includes('changed on disk')")
    assert (folder / "vending.flow").read_text().endswith("# edited elsewhere\n")


def test_clicking_a_node_puts_the_cursor_on_its_statement_and_the_cursor_highlights_its_node(page: Any) -> None:
    page.click("[data-testid=diagram] g.node[data-operation=dispense]")
    line = page.evaluate("studio.view.state.doc.lineAt(studio.view.state.selection.main.head).text")
    assert line.strip().startswith("step dispense(")
    assert page.locator("[data-testid=diagram] g.node.current").get_attribute("data-operation") == "dispense"
    page.keyboard.press("Control+Home")
    page.wait_for_function("document.querySelectorAll('[data-testid=diagram] g.node.current').length === 0")


def test_the_docs_page_is_one_tab_away(page: Any) -> None:
    page.click("[data-tab=docs]")
    page.wait_for_selector("#docs h1")
    assert page.inner_text("#docs h1") == "vending"
    assert page.locator("#docs .docs-diagram svg").count() == 1


KINDS = """\
flow kinds
description "Every kind of input"

input
  name: string
  count: integer = 2
  price: number
  express: boolean
  channel: "web" | "kiosk"
  tags: list of string
  meta: map
  note: string?

log "received {input.name}"
return input
"""


def test_the_input_form_has_a_control_for_every_kind_of_input_and_a_run_receives_them(browser: Any, folder: Path) -> None:
    (folder / "kinds.flow").write_text(KINDS)
    with studio_command(folder) as url:
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.goto(url.replace("/?", "/?") + "#flow=kinds.flow")
        page.wait_for_selector("[data-testid=input-name]")
        kinds = {
            name: page.locator(f"[data-testid=input-{name}]").evaluate("(e) => e.tagName.toLowerCase() + ':' + (e.type || '')")
            for name in ("name", "count", "price", "express", "channel", "tags", "meta", "note")
        }
        assert kinds == {
            "name": "input:text", "count": "input:number", "price": "input:number", "express": "input:checkbox",
            "channel": "select:select-one", "tags": "textarea:textarea", "meta": "textarea:textarea", "note": "input:text",
        }
        assert page.input_value("[data-testid=input-count]") == "2"  # the default
        page.fill("[data-testid=input-name]", "Ada")
        page.fill("[data-testid=input-price]", "9.5")
        page.check("[data-testid=input-express]")
        page.select_option("[data-testid=input-channel]", label="kiosk")
        page.fill("[data-testid=input-tags]", '["a", "b"]')
        page.fill("[data-testid=input-meta]", '{"k": 1}')
        page.click("[data-testid=run-button]")
        page.wait_for_selector("[data-testid=result][data-status=succeeded]")
        assert json.loads(page.inner_text("#result-text")) == {
            "name": "Ada", "count": 2, "price": 9.5, "express": True, "channel": "kiosk",
            "tags": ["a", "b"], "meta": {"k": 1}, "note": None,
        }
        page.close()


def test_a_deployed_functions_executions_are_listed_and_one_is_shown_on_the_timeline_and_diagram(
    browser: Any, folder: Path, compile_flow: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against the SDK testing package's HTTP emulator, which serves Lambda's durable execution APIs."""
    from tests.emulator import emulator

    vending = compile_flow(folder / "vending.flow")
    with emulator(vending.handler, monkeypatch) as service:
        arn = service.start("vending", {"order_id": "o-7", "slot": "A1", "price_cents": 250})
        callback_id = service.pending_callback(arn, "payment create callback id")
        service.client.send_durable_execution_callback_failure(
            CallbackId=callback_id, Error={"ErrorType": "Declined", "ErrorMessage": "card declined"}
        )
        assert service.outcome(arn)["Status"] == "FAILED"
        with studio_command(folder) as url:
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.goto(url)
            page.wait_for_selector("[data-testid=diagram] g.node")
            page.click("[data-tab=executions]")
            page.fill("#execution-function", "vending")
            page.fill("#execution-endpoint", service.url)
            page.fill("#execution-region", "us-west-2")
            page.click("#executions-form button")
            row = page.locator("[data-testid=executions] li")
            row.first.wait_for()
            assert row.count() == 1 and "failed" in row.inner_text()
            row.click()
            page.wait_for_selector("[data-testid=timeline] li[data-name=payment]")
            statuses = dict(page.locator("[data-testid=diagram] g.node[data-operation]").evaluate_all(
                "(all) => all.filter((n) => n.dataset.status !== 'idle').map((n) => [n.dataset.operation, n.dataset.status])"
            ))
            assert statuses == {"validate": "succeeded", "reservation": "succeeded", "payment": "failed", "undo_reservation": "succeeded"}
            page.close()


# ---------------------------------------------------------------- what the studio shows is what runs

RETURNS = """\
flow returns
actions returns_actions

input
  condition: string
  amount_cents: integer

group refund_case
  step inspect = inspect_goods(condition: input.condition)
  if inspect.damaged == true and input.amount_cents <= 1000 and input.condition != "a-condition-long-enough-to-wrap"
    fail GoodsDamaged "the goods came back damaged"
  step refund = refund_card(amount: input.amount_cents)
  on failure GoodsDamaged as problem
    step notify_customer(message: problem.message)
  finally
    step close_case(condition: input.condition)
return { refunded: refund_case }
"""

RETURNS_ACTIONS = """\
def inspect_goods(condition):
    return {"damaged": condition == "damaged"}

def refund_card(amount):
    return {"refunded": amount}

def notify_customer(message):
    return None

def close_case(condition):
    return None
"""

CLAIM = """\
flow claim
actions claim_actions

set reminders = 0
repeat until decision != null
  max 5 times
  wait for decision = ask_adjuster(claim: "c-1")
    timeout 1 hour
    on timeout
      set reminders = reminders + 1
if decision.approved == true and decision.amount_cents <= 1000
  step pay = pay_claim(amount: decision.amount_cents)
return reminders
"""

CLAIM_ACTIONS = """\
def ask_adjuster(claim, callback_id):
    return None

def pay_claim(amount):
    return {"paid": amount}
"""


def open_flow(browser: Any, url: str, name: str, viewport: dict[str, int] | None = None) -> Any:
    page = browser.new_page(viewport=viewport or {"width": 1500, "height": 950})
    page.goto(url + f"#flow={name}")
    page.wait_for_selector("[data-testid=diagram] g.node")
    page.wait_for_function(f"studio.path === {json.dumps(name)}")
    return page


def statuses_of(page: Any) -> dict[str, str]:
    return dict(page.locator("[data-testid=diagram] g.node[data-node]").evaluate_all(
        "(all) => all.map((n) => [n.querySelector('text').textContent, n.dataset.status])"
    ))


def test_the_path_marks_only_what_the_runs_events_confirm(browser: Any, folder: Path) -> None:
    (folder / "returns.flow").write_text(RETURNS)
    (folder / "returns_actions.py").write_text(RETURNS_ACTIONS)
    with studio_command(folder) as url:
        page = open_flow(browser, url, "returns.flow")
        page.fill("[data-testid=input-condition]", "fine")
        page.fill("[data-testid=input-amount_cents]", "500")
        page.click("[data-testid=run-button]")
        page.wait_for_selector("[data-testid=result][data-status=succeeded]")
        page.wait_for_function("document.querySelector('[data-testid=diagram] g.node[data-status=succeeded]')")
        shown = statuses_of(page)
        assert shown["fail GoodsDamaged"] == "idle"  # no event confirms it
        assert shown["notify_customer(message: problem.message)"] == "idle"
        assert shown["refund"] == "succeeded" and shown["close_case(condition: input.condition)"] == "succeeded"
        assert shown["return { refunded: refund_case }"] == "passed"
        # The result and the timeline in the flow's words: a group, not a "context".
        kinds = page.locator("[data-testid=timeline] li").evaluate_all("(all) => all.map((e) => e.querySelector('.kind').textContent)")
        assert "group" in kinds and "context" not in kinds
        page.close()


def test_a_handled_fail_is_marked_and_the_error_is_said_in_the_flows_words(browser: Any, folder: Path) -> None:
    (folder / "returns.flow").write_text(RETURNS.replace("return { refunded: refund_case }\n", "fail Closed \"closed\"\n"))
    (folder / "returns_actions.py").write_text(RETURNS_ACTIONS)
    with studio_command(folder) as url:
        page = open_flow(browser, url, "returns.flow")
        page.fill("[data-testid=input-condition]", "damaged")
        page.fill("[data-testid=input-amount_cents]", "500")
        page.click("[data-testid=run-button]")
        page.wait_for_selector("[data-testid=result][data-status=failed]")
        assert page.inner_text("#result-text").startswith("Closed: closed")
        page.wait_for_function("document.querySelector('[data-testid=diagram] g.node[data-status=succeeded]')")
        shown = statuses_of(page)
        assert shown["fail GoodsDamaged"] == "passed" and shown["notify_customer(message: problem.message)"] == "succeeded"
        assert shown["refund"] == "idle"
        page.close()


def test_a_callback_in_a_loop_is_marked_waiting_then_answered_and_the_saved_run_keeps_each_answer(
    browser: Any, folder: Path
) -> None:
    (folder / "claim.flow").write_text(CLAIM)
    (folder / "claim_actions.py").write_text(CLAIM_ACTIONS)
    with studio_command(folder) as url:
        page = open_flow(browser, url, "claim.flow")
        page.click("[data-testid=run-button]")
        page.locator("[data-testid=callback-pending]").wait_for(state="visible")
        assert page.locator("[data-testid=diagram] g.node[data-operation=decision]").get_attribute("data-status") == "waiting"
        # The answer box starts with the fields the flow reads of this callback.
        assert json.loads(page.input_value("[data-testid=callback-answer]")) == {"amount_cents": 1000, "approved": True}
        page.click("[data-testid=callback-timeout]")
        page.wait_for_function("document.querySelector('[data-testid=callback-pending]').hidden === false && "
                               "[...document.querySelectorAll('[data-testid=timeline] li')].some((e) => e.dataset.status === 'timed out')")
        page.fill("[data-testid=callback-answer]", '{"approved": true, "amount_cents": 800}')
        page.click("[data-testid=callback-send]")
        page.wait_for_selector("[data-testid=result][data-status=succeeded]")
        assert page.inner_text("#result-text") == "1"
        assert page.locator("[data-testid=diagram] g.node[data-operation=pay]").get_attribute("data-status") == "succeeded"
        page.fill("#scenario-name", "answered after one reminder")
        page.click("[data-testid=scenario-save]")
        page.wait_for_function("document.querySelector('#save-message').textContent.startsWith('Saved')")
        saved = (folder / "claim.scenarios.yaml").read_text()
        assert "timeout: true" in saved and "approved: true" in saved
        page.click("[data-tab=scenarios]")
        page.locator("li[data-scenario='answered after one reminder'] button").click()
        page.wait_for_function(
            "document.querySelector(\"li[data-scenario='answered after one reminder'] [data-testid=scenario-result]\")"
            ".dataset.status === 'passed'", timeout=60000)
        page.close()


def test_scenarios_test_the_text_in_the_editor_saved_or_not(page: Any) -> None:
    type_after(page, "if payment.status ==", "")
    page.evaluate("""() => {
        const doc = studio.view.state.doc.toString();
        studio.view.dispatch({ changes: { from: 0, to: doc.length, insert: doc.replace('"approved"', '"accepted"') } });
    }""")
    page.click("[data-tab=scenarios]")
    page.locator("[data-testid=scenarios] li").first.wait_for()
    page.click("#scenarios-run-all")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=scenario-result]')].every((r) => ['passed', 'failed'].includes(r.dataset.status))",
        timeout=60000,
    )
    results = page.locator("[data-testid=scenario-result]").evaluate_all("(all) => all.map((r) => r.dataset.status)")
    assert "failed" in results  # the unsaved change is what ran


def test_a_syntax_error_keeps_the_last_good_input_form(page: Any) -> None:
    type_after(page, "step validate", "\nstep broken = (")
    page.wait_for_function("document.querySelector('#status').dataset.errors !== '0'")
    form = page.inner_text("[data-testid=input-form]")
    assert "no input block" not in form
    assert page.locator("[data-testid=input-order_id]").count() == 1


def test_the_cursor_on_a_statement_after_a_block_that_returns_highlights_that_statement(browser: Any, folder: Path) -> None:
    (folder / "ends.flow").write_text(
        'flow ends\n\ninput\n  a: integer\n\nif input.a > 1\n  return "big"\nlog "small"\nreturn "small"\n')
    with studio_command(folder) as url:
        page = open_flow(browser, url, "ends.flow")
        page.evaluate("() => { const line = studio.view.state.doc.line(8); studio.view.dispatch({ selection: { anchor: line.from } }); }")
        page.wait_for_function("document.querySelector('[data-testid=diagram] g.node.current')")
        assert page.locator("[data-testid=diagram] g.node.current text").first.text_content().startswith("notes in the log")
        page.close()


def test_a_thirty_node_diagram_is_readable_after_fit_width_and_zooms(browser: Any, folder: Path) -> None:
    steps = "\n".join(f"step s{n} = audit(order_id: input.order_id, outcome: \"{n}\")" for n in range(30))
    (folder / "long.flow").write_text(f"flow long\nactions vending.actions\n\ninput\n  order_id: string\n\n{steps}\n")
    with studio_command(folder) as url:
        page = open_flow(browser, url, "long.flow", {"width": 1440, "height": 900})
        page.click("[data-testid=zoom-fit]")
        height = page.locator("[data-testid=diagram] g.node text").first.evaluate("(t) => t.getBoundingClientRect().height")
        assert height >= 10, height
        before = float(page.get_attribute("#diagram", "data-scale"))
        page.click("[data-testid=zoom-in]")
        assert float(page.get_attribute("#diagram", "data-scale")) > before
        page.close()


def test_long_conditions_are_wrapped_not_cut(browser: Any, folder: Path) -> None:
    (folder / "returns.flow").write_text(RETURNS)
    (folder / "returns_actions.py").write_text(RETURNS_ACTIONS)
    with studio_command(folder) as url:
        page = open_flow(browser, url, "returns.flow")
        words = page.locator("[data-testid=diagram]").text_content()
        assert "a-condition-long-enough-to-wrap" in words and "…" not in words
        page.close()


def test_the_docs_tab_renders_markdown_as_markdown(page: Any) -> None:
    page.click("[data-tab=docs]")
    page.wait_for_selector("#docs h1")
    html = page.inner_html("#docs")
    text = page.inner_text("#docs")
    assert "\\" not in text and "**" not in text  # no literal backslash ends an item, no Markdown shows
    assert "<ol>" in html  # numbered steps stay numbered


def test_a_missing_indentation_is_called_that_and_fixed_with_one_click(page: Any) -> None:
    page.evaluate("""() => {
        const doc = studio.view.state.doc.toString();
        studio.view.dispatch({ changes: { from: 0, to: doc.length, insert: doc.replace('  undo release_slot', 'undo release_slot') } });
    }""")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=diagnostics] li.error')].some((li) => li.dataset.code === 'DF036')")
    problem = page.locator("[data-testid=diagnostics] li[data-code=DF036]")
    assert "indent it under line" in problem.inner_text()
    problem.locator("[data-testid=fix]").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=diagnostics] li.error').length === 0")
    assert "\n  undo release_slot" in page.evaluate("studio.view.state.doc.toString()")


def test_a_timestamp_input_is_a_date_and_time_box_that_sends_iso_utc(browser: Any, folder: Path) -> None:
    (folder / "when.flow").write_text("flow when\n\ninput\n  at: timestamp\n\nreturn input.at\n")
    with studio_command(folder) as url:
        page = open_flow(browser, url, "when.flow")
        control = page.locator("[data-testid=input-at]")
        assert control.get_attribute("type") == "datetime-local"
        control.fill("2026-12-31T09:30:00")
        page.click("[data-testid=run-button]")
        page.wait_for_selector("[data-testid=result][data-status=succeeded]")
        assert json.loads(page.inner_text("#result-text")) == "2026-12-31T09:30:00Z"
        page.close()


def test_the_timeline_keeps_its_columns_apart_and_the_callback_box_in_view(page: Any) -> None:
    assert page.locator("#callback").evaluate("(e) => getComputedStyle(e).position") == "sticky"
    page.fill("[data-testid=input-order_id]", "o-1")
    page.fill("[data-testid=input-slot]", "A1")
    page.fill("[data-testid=input-price_cents]", "250")
    page.click("[data-testid=run-button]")
    page.locator("[data-testid=callback-pending]").wait_for(state="visible")
    name = page.locator("[data-testid=timeline] li .name").first
    assert name.evaluate("(e) => getComputedStyle(e).overflow") == "hidden"
    assert name.evaluate("(e) => getComputedStyle(e).textOverflow") == "ellipsis"


def test_f12_on_a_name_goes_to_where_it_is_defined(page: Any) -> None:
    page.evaluate("""() => {
        const doc = studio.view.state.doc.toString();
        const at = doc.indexOf("reservation: reservation.id") + "reservation: ".length + 2;
        studio.view.dispatch({ selection: { anchor: at } });
        studio.view.focus();
    }""")
    page.keyboard.press("F12")
    line = page.evaluate("studio.view.state.doc.lineAt(studio.view.state.selection.main.head).text")
    assert line.strip().startswith("step reservation = reserve_slot(")


def hover_over(page: Any, needle: str, offset: int = 1) -> None:
    """Move the mouse over the character `offset` into the first `needle` of the text."""
    box = page.evaluate("""([needle, offset]) => {
        const at = studio.view.state.doc.toString().indexOf(needle) + offset;
        const coords = studio.view.coordsAtPos(at);
        return { x: (coords.left + coords.right) / 2 + 2, y: (coords.top + coords.bottom) / 2 };
    }""", [needle, offset])
    page.mouse.move(box["x"], box["y"])


def test_hover_shows_what_a_keyword_does_and_what_a_name_is_from_the_language_servers_analysis(page: Any) -> None:
    hover_over(page, "retry 3 times")
    page.wait_for_selector("[data-testid=hover]")
    assert "Tries the operation again" in page.inner_text("[data-testid=hover]")
    page.mouse.move(5, 5)
    page.wait_for_selector("[data-testid=hover]", state="detached")
    hover_over(page, "reservation: reservation.id", len("reservation: ") + 2)
    page.wait_for_selector("[data-testid=hover]")
    card = page.inner_text("[data-testid=hover]")
    assert card.startswith("step reservation") and "retry 3 times" in card


def test_hover_on_a_mistake_explains_its_code(page: Any) -> None:
    type_after(page, "step validate", "\nlog \"{totl}\"")
    page.wait_for_function("[...document.querySelectorAll('[data-testid=diagnostics] li.error')].some((li) => li.innerText.includes('totl'))")
    hover_over(page, "{totl}", 2)
    page.wait_for_function("[...document.querySelectorAll('[data-testid=hover]')].some((card) => card.innerText.includes('DF261'))")


def test_completion_after_input_dot_offers_the_input_fields(page: Any) -> None:
    type_after(page, "step validate", "\nlog \"{input.")
    page.wait_for_selector(".cm-tooltip-autocomplete .cm-completionLabel")
    offered = page.locator(".cm-tooltip-autocomplete .cm-completionLabel").all_inner_texts()
    assert sorted(offered) == ["order_id", "price_cents", "slot"]
