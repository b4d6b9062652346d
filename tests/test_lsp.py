"""`dflow lsp` driven as an editor drives it: the server in a subprocess over stdio (pytest-lsp).

The workspace is a copy of `examples/vending`. Every test waits for a state
(a notification, an answer), never for time.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.golden_cases import ROOT

# One server for the module, as an editor keeps one: each test opens files of its own names.
pytestmark = pytest.mark.asyncio(loop_scope="module")

VENDING = ROOT / "examples" / "vending"
OPENED = itertools.count(1)


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[sys.executable, "-m", "dflow", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LanguageClient]:
    root = tmp_path_factory.mktemp("workspace") / "vending"
    shutil.copytree(VENDING, root, ignore=shutil.ignore_patterns("__pycache__"))
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri(),
    ))
    lsp_client.workspace_root = root  # type: ignore[attr-defined]
    yield lsp_client
    await lsp_client.shutdown_session()


async def open_flow(client: LanguageClient, name: str, text: str | None = None) -> tuple[str, str]:
    """Open a file of the workspace (or new text) under a name no other test opens; its URI and text, once checked."""
    root: Path = client.workspace_root  # type: ignore[attr-defined]
    if text is None:
        text = (root / name).read_text()
    path = root / f"t{next(OPENED)}-{name}"
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="flow", version=1, text=text)))
    await diagnostics_until(client, lambda: uri in client.diagnostics)
    return uri, text


async def diagnostics_until(client: LanguageClient, holds: Callable[[], bool]) -> None:
    """Wait until the published diagnostics make `holds` true (a publish may come before the wait starts)."""
    for _ in range(120):
        if holds():
            return
        try:
            await asyncio.wait_for(client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 1)
        except TimeoutError:
            continue
    assert holds()


def position_of(text: str, needle: str, offset: int = 0) -> lsp.Position:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return lsp.Position(line=line, character=len(text[start:index].encode("utf-16-le")) // 2)


async def test_diagnostics_are_dflow_checks_codes_messages_and_ranges(client: LanguageClient) -> None:
    from dflow.language.reading import check_text

    text = "flow f\nactions vending.actions\n\nstep reservation = reserve_slot(slot: input.slot)\nreturn totl\n"
    uri, _ = await open_flow(client, "bad.flow", text)
    shown = client.diagnostics[uri]
    _, expected = check_text(text, "bad.flow")
    assert [(d.code, d.message, d.source) for d in shown] == [(e.code, e.message, "dflow") for e in expected]
    unknown = next(d for d in shown if d.code == "DF261")
    assert (unknown.range.start.line, unknown.range.start.character) == (4, 7)
    assert unknown.severity == lsp.DiagnosticSeverity.Error


async def test_a_change_publishes_the_new_diagnostics(client: LanguageClient) -> None:
    uri, text = await open_flow(client, "vending.flow")
    assert [d for d in client.diagnostics[uri] if d.severity == lsp.DiagnosticSeverity.Error] == []
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text.replace("reservation.id", "reservaton.id"))],
    ))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "DF261" in {d.code for d in client.diagnostics[uri]}


async def test_calls_are_checked_against_the_workspaces_real_actions_module(client: LanguageClient) -> None:
    text = (VENDING / "vending.flow").read_text().replace("reserve_slot(", "reserve_slots(", 1)
    uri, _ = await open_flow(client, "calls.flow", text)
    await diagnostics_until(client, lambda: "DF256" in {d.code for d in client.diagnostics.get(uri, [])})
    (wrong,) = [d for d in client.diagnostics[uri] if d.code == "DF256"]
    assert "reserve_slots" in wrong.message
    # Typing on keeps the calls checked (against the modules already probed), without a save.
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text.replace("step validate", 'log "{totl}"\nstep validate', 1))]))
    await diagnostics_until(client, lambda: "DF261" in {d.code for d in client.diagnostics[uri]})
    assert "DF256" in {d.code for d in client.diagnostics[uri]}  # the same publish


async def test_hover_on_a_name_shows_its_kind_and_call_and_on_a_keyword_what_it_does(client: LanguageClient) -> None:
    uri, text = await open_flow(client, "vending.flow")
    shown = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=position_of(text, "reservation: reservation.id", len("reservation: ")),
    ))
    assert shown is not None and isinstance(shown.contents, lsp.MarkupContent)
    assert shown.contents.value.startswith("step `reservation`") and "reserve_slot(" in shown.contents.value
    keyword = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "retry ", 1)))
    assert keyword is not None and "Tries the operation again" in keyword.contents.value  # type: ignore[union-attr]


async def test_hover_on_a_diagnostic_explains_its_code(client: LanguageClient) -> None:
    uri, text = await open_flow(client, "bad.flow", "flow f\n\nreturn totl\n")
    shown = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "totl", 1)))
    assert shown is not None and shown.contents.value.startswith("**DF261**")  # type: ignore[union-attr]


async def test_definition_of_a_name_an_input_field_and_an_action(client: LanguageClient) -> None:
    uri, text = await open_flow(client, "vending.flow")
    ask = lsp.TextDocumentIdentifier(uri=uri)
    name = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=ask, position=position_of(text, "reservation: reservation.id", len("reservation: "))))
    assert isinstance(name, lsp.Location) and name.range.start == position_of(text, "reservation = reserve_slot")
    field = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=ask, position=position_of(text, "slot: input.slot", len("slot: input."))))
    assert isinstance(field, lsp.Location) and field.range.start.line == position_of(text, "  slot: string").line
    action = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=ask, position=position_of(text, "reserve_slot(", 2)))
    assert isinstance(action, lsp.Location) and action.uri.endswith("/vending/actions.py")
    source = Path(action.uri.removeprefix("file://")).read_text().split("\n")
    assert source[action.range.start.line].startswith("def reserve_slot(")


async def test_references_and_rename_reach_every_use_and_no_argument_label(client: LanguageClient) -> None:
    text = "flow f\nactions a\n\nwait for payment = ask()\n  timeout 1 hour\nstep charge(payment: payment.amount)\nreturn payment\n"
    uri, _ = await open_flow(client, "refs.flow", text)
    at = position_of(text, "payment = ask")
    found = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=at,
        context=lsp.ReferenceContext(include_declaration=True)))
    assert [(r.range.start.line, r.range.start.character) for r in found or []] == [(3, 9), (5, 21), (6, 7)]
    edit = await client.text_document_rename_async(lsp.RenameParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=at, new_name="paid"))
    assert edit is not None and edit.changes is not None
    assert sorted((e.range.start.line, e.range.start.character) for e in edit.changes[uri]) == [(3, 9), (5, 21), (6, 7)]


async def test_completion_offers_input_fields_after_input_dot_and_statement_keywords_at_a_line_start(
    client: LanguageClient,
) -> None:
    uri, text = await open_flow(client, "vending.flow")
    lines = text.split("\n")
    ask = lsp.TextDocumentIdentifier(uri=uri)
    line = next(i for i, line in enumerate(lines) if "slot: input.slot" in line)
    column = lines[line].index("input.") + len("input.")
    fields = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=ask, position=lsp.Position(line=line, character=column)))
    assert fields is not None
    labels = {item.label for item in (fields.items if isinstance(fields, lsp.CompletionList) else fields)}
    assert "slot" in labels and "step" not in labels
    blank = len(lines) - 1  # the empty last line: a statement starts here
    words = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=ask, position=lsp.Position(line=blank, character=0)))
    keywords = {item.label for item in (words.items if isinstance(words, lsp.CompletionList) else words or [])}
    assert {"step", "wait for", "parallel"} <= keywords and "runtime" not in keywords


async def test_document_symbols_nest_as_the_flow_does(client: LanguageClient) -> None:
    text = "flow f\nactions a\n\nparallel checks\n  branch left\n    step one = go()\n  branch right\n    step two = go()\nreturn checks\n"
    uri, _ = await open_flow(client, "nested.flow", text)
    found = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert found is not None
    (checks, _) = found
    assert isinstance(checks, lsp.DocumentSymbol) and checks.name == "checks"
    assert [(b.name, [s.name for s in b.children or []]) for b in checks.children or []] == [
        ("left", ["one"]), ("right", ["two"])]


async def test_formatting_is_dflow_fmt_and_leaves_a_flow_with_a_syntax_error_alone(client: LanguageClient) -> None:
    from dflow.language.text.fmt import format_flow

    messy = "flow f\n\n\nset   a  =  1\nreturn a\n"
    uri, _ = await open_flow(client, "messy.flow", messy)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None and [e.new_text for e in edits] == [format_flow(messy)]
    broken, _ = await open_flow(client, "broken.flow", "flow f\n\nset a = (1\n")
    none = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=broken), options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert not none


async def quick_fix(client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic) -> lsp.TextEdit:
    """The one edit of the one code action offered for a diagnostic."""
    found = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=lsp.CodeActionContext(diagnostics=[diagnostic])))
    (action,) = found or []
    assert isinstance(action, lsp.CodeAction) and action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    return edit


async def test_a_code_action_applies_a_diagnostics_suggested_edit(client: LanguageClient) -> None:
    text = "flow f\n\nset total = 1\nreturn totl\n"
    uri, _ = await open_flow(client, "fix.flow", text)
    (unknown,) = client.diagnostics[uri]
    edit = await quick_fix(client, uri, unknown)
    assert edit.new_text == "total" and edit.range == unknown.range


async def test_positions_are_utf16_on_lines_with_non_ascii_text(client: LanguageClient) -> None:
    text = 'flow f\n\nset mark = "ü"\nlog "ünïcødé 😀 𝒳 {totl}"\n'  # 😀 and 𝒳 are two UTF-16 units each
    uri, _ = await open_flow(client, "wide.flow", text)
    (unknown,) = [d for d in client.diagnostics[uri] if d.code == "DF261"]
    assert unknown.range.start == position_of(text, "totl")
    assert unknown.range.start.character == 20 and len('log "ünïcødé 😀 𝒳 {') == 18  # UTF-16, not characters


async def test_inlay_hints_give_each_retrys_delays(client: LanguageClient) -> None:
    text = "flow f\nactions a\n\nstep charge = pay()\n  retry 3 times every 2 seconds backoff 2\nreturn charge\n"
    uri, _ = await open_flow(client, "hints.flow", text)
    found = await client.text_document_inlay_hint_async(lsp.InlayHintParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        range=lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=6, character=0))))
    assert [(h.position.line, str(h.label).strip()) for h in found or []] == [(4, "2 s, 4 s, 8 s")]


async def test_the_yaml_form_gets_the_same_diagnostics(client: LanguageClient) -> None:
    text = (VENDING / "vending.flow.yaml").read_text().replace("reservation.id", "reservaton.id", 1)
    uri, _ = await open_flow(client, "twin.flow.yaml", text)
    assert "DF261" in {d.code for d in client.diagnostics[uri]}


async def test_a_code_action_fixes_a_misspelt_name_in_the_yaml_form_too(client: LanguageClient) -> None:
    text = (VENDING / "vending.flow.yaml").read_text().replace("reservation.id", "reservaton.id", 1)
    uri, _ = await open_flow(client, "fix.flow.yaml", text)
    (unknown,) = [d for d in client.diagnostics[uri] if d.code == "DF261"]
    edit = await quick_fix(client, uri, unknown)
    assert edit.new_text == "reservation" and edit.range.start == position_of(text, "reservaton")


async def test_a_request_about_a_file_that_is_not_there_or_a_bad_rename_leaves_the_server_serving(
    client: LanguageClient,
) -> None:
    root: Path = client.workspace_root  # type: ignore[attr-defined]
    missing = (root / "nowhere.flow").as_uri()
    nothing = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=missing), position=lsp.Position(line=3, character=2)))
    assert nothing is None
    uri, text = await open_flow(client, "vending.flow")
    with pytest.raises(Exception, match="cannot be a name"):
        await client.text_document_rename_async(lsp.RenameParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "reservation = "),
            new_name="not a name"))
    shown = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=position_of(text, "reservation = ")))
    assert shown is not None


async def test_a_changed_actions_module_is_probed_again_and_the_calls_checked_anew(client: LanguageClient) -> None:
    root: Path = client.workspace_root  # type: ignore[attr-defined]
    (root / "shop").mkdir()
    (root / "shop" / "__init__.py").write_text("")
    actions = root / "shop" / "actions.py"
    actions.write_text("def reserve(slot: str) -> dict[str, str]:\n    return {}\n")
    uri, _ = await open_flow(client, "shop.flow", "flow shop\nactions shop.actions\n\nstep held = hold(slot: \"A1\")\nreturn held\n")
    await diagnostics_until(client, lambda: "DF256" in {d.code for d in client.diagnostics.get(uri, [])})
    actions.write_text(actions.read_text() + "\n\ndef hold(slot: str) -> dict[str, str]:\n    return {}\n")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=actions.as_uri(), type=lsp.FileChangeType.Changed)]))
    await diagnostics_until(client, lambda: "DF256" not in {d.code for d in client.diagnostics.get(uri, [])})
