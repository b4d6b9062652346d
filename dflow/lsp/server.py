"""The language server: LSP requests in, `dflow.editor`'s answers out. Nothing here decides about a flow.

Diagnostics are `dflow check`'s, published on open, change and save; the calls
are then checked against the workspace's real actions modules (probed in a
separate process, off the request path) and published again with theirs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from dflow.actions.check import check_calls, module_functions, modules_by_alias, modules_called
from dflow.editor import completion, hints, hover, navigation, symbols
from dflow.editor.document import Document, analyse
from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, FlowError
from dflow.language.reading import format_text
from dflow.language.text.fmt import FormatError
from dflow.language.walk import all_statements, calls
from dflow.lsp.positions import from_lsp, range_of, to_lsp
from dflow.lsp.project import Probes, actions_path_for

SEVERITIES = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning}
COMPLETION_KINDS = {
    "keyword": lsp.CompletionItemKind.Keyword, "name": lsp.CompletionItemKind.Variable,
    "field": lsp.CompletionItemKind.Field, "function": lsp.CompletionItemKind.Function,
    "unit": lsp.CompletionItemKind.Unit, "action": lsp.CompletionItemKind.Method,
}
SYMBOL_KINDS = {"branch": lsp.SymbolKind.Namespace, "group": lsp.SymbolKind.Namespace,
                "parallel": lsp.SymbolKind.Namespace, "for_each": lsp.SymbolKind.Array,
                "repeat": lsp.SymbolKind.Array, "if": lsp.SymbolKind.Namespace, "set": lsp.SymbolKind.Variable}


class FlowServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("dflow", "2")
        self.documents: dict[str, Document] = {}
        self.parsed: dict[str, Document] = {}  # the last analysis of each document that parsed
        # Where each document's actions are imported from, and what its modules hold.
        self.found: dict[str, tuple[Path, dict[str, Any]]] = {}
        self.probes = Probes()

    def analysis(self, uri: str) -> Document:
        text_document = self.workspace.get_text_document(uri)
        try:
            text = text_document.source  # a document the editor has not opened is read from disk
        except (OSError, UnicodeDecodeError):
            text = ""  # nothing there to answer about
        current = self.documents.get(uri)
        if current is None or current.text != text:
            current = analyse(text, Path(text_document.path).name)
            self.documents[uri] = current
            if current.flow is not None:
                self.parsed[uri] = current
        return current

    def publish(self, uri: str) -> None:
        """`dflow check`'s diagnostics, and the calls checked against the actions modules once they are probed."""
        document = self.analysis(uri)
        found = list(document.diagnostics)
        probed = self.found.get(uri)
        if document.flow is not None and probed is not None:
            found += check_calls(document.flow, probed[1], probed[0])
        version = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[_diagnostic(document, d) for d in found],
        ))

    async def actions_found(self, uri: str) -> dict[str, Any]:
        """What the actions modules the document calls hold: probed off the request path, then kept."""
        document = self.parsed.get(uri)
        if document is None or document.flow is None or not document.flow.actions:
            return {}
        actions_path = actions_path_for(Path(self.workspace.get_text_document(uri).path))
        found = await asyncio.to_thread(self.probes.modules, actions_path, modules_called(document.flow))
        self.found[uri] = (actions_path, found)
        return found

    async def check_actions(self, uri: str) -> None:
        """Probe the actions modules (off the request path), then publish again with the calls checked."""
        document = self.analysis(uri)
        if document.flow is None or not document.flow.actions:
            return
        await self.actions_found(uri)
        self.publish(uri)


server = FlowServer()


def _diagnostic(document: Document, diagnostic: Diagnostic) -> lsp.Diagnostic:
    data: dict[str, Any] = {"hint": diagnostic.hint}
    if diagnostic.fix is not None:
        data["fix"] = {"label": diagnostic.fix.label, "replacement": diagnostic.fix.replacement,
                       "range": _json_range(document, diagnostic.fix.span)}
    return lsp.Diagnostic(
        range=range_of(document, diagnostic.span), message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, lsp.DiagnosticSeverity.Information),
        code=diagnostic.code, source="dflow", data=data,
    )


def _json_range(document: Document, span: m.Span) -> dict[str, Any]:
    found = range_of(document, span)
    return {"start": {"line": found.start.line, "character": found.start.character},
            "end": {"line": found.end.line, "character": found.end.character}}


# ---------------------------------------------------------------- the document's life


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: FlowServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)
    await ls.check_actions(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FlowServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: FlowServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)
    await ls.check_actions(params.text_document.uri)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: FlowServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    """A Python file changed (the editor watches `**/*.py` for the server): probe the actions again."""
    if not any(change.uri.endswith(".py") for change in params.changes):
        return
    ls.probes.forget()
    for uri in list(ls.found):
        await ls.check_actions(uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FlowServer, params: lsp.DidCloseTextDocumentParams) -> None:
    for kept in (ls.documents, ls.parsed, ls.found):
        kept.pop(params.text_document.uri, None)


# ---------------------------------------------------------------- what the editor asks


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: FlowServer, params: lsp.HoverParams) -> lsp.Hover | None:
    document = ls.analysis(params.text_document.uri)
    found = hover.hover(document, *from_lsp(document, params.position))
    if found is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=found.markdown),
                     range=range_of(document, found.span))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", " "]))
def on_completion(ls: FlowServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    uri = params.text_document.uri
    document = ls.analysis(uri)
    actions = _default_module_functions(ls, uri)
    found = completion.complete(document, *from_lsp(document, params.position),
                                {name: f["parameters"] for name, f in actions.items()}, ls.parsed.get(uri))
    return lsp.CompletionList(is_incomplete=False, items=[
        lsp.CompletionItem(label=item.label, kind=COMPLETION_KINDS[item.kind], detail=item.detail or None,
                           insert_text=item.insert)
        for item in found
    ])


def _default_module_functions(ls: FlowServer, uri: str) -> dict[str, Any]:
    parsed = ls.parsed.get(uri)
    if parsed is None or parsed.flow is None or not parsed.flow.actions:
        return {}
    probed = ls.found.get(uri)
    return (module_functions(probed[1], parsed.flow.actions[0].module) or {}) if probed else {}


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
async def on_definition(ls: FlowServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    uri = params.text_document.uri
    document = ls.analysis(uri)
    line, column = from_lsp(document, params.position)
    span = navigation.definition(document, line, column)
    if span is not None:
        return lsp.Location(uri=uri, range=range_of(document, span))
    return await _action_definition(ls, uri, document, line, column)


async def _action_definition(
    ls: FlowServer, uri: str, document: Document, line: int, column: int
) -> lsp.Location | None:
    """An action call's function name leads to the Python function in its module."""
    if document.flow is None:
        return None
    modules = modules_by_alias(document.flow)
    for statement in all_statements(document.flow.body):
        for call in calls(statement):
            span = call.function_span
            if span.line == line and span.column <= column < span.end_column and call.alias in modules:
                probed = ls.found.get(uri)
                found = probed[1] if probed else await ls.actions_found(uri)
                where = (module_functions(found, modules[call.alias]) or {}).get(call.function, {})
                if where.get("file"):
                    start = lsp.Position(line=max(int(where["line"]) - 1, 0), character=0)
                    return lsp.Location(uri=Path(where["file"]).as_uri(), range=lsp.Range(start=start, end=start))
    return None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def on_references(ls: FlowServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    uri = params.text_document.uri
    document = ls.analysis(uri)
    spans = navigation.references(document, *from_lsp(document, params.position),
                                  include_definition=params.context.include_declaration)
    return [lsp.Location(uri=uri, range=range_of(document, span)) for span in spans]


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def on_prepare_rename(ls: FlowServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    document = ls.analysis(params.text_document.uri)
    line, column = from_lsp(document, params.position)
    found = document.resolution.at(line, column) if document.resolution else None
    return range_of(document, found.span) if found is not None else None


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def on_rename(ls: FlowServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit:
    uri = params.text_document.uri
    document = ls.analysis(uri)
    try:
        spans = navigation.rename(document, *from_lsp(document, params.position), params.new_name)
    except navigation.RenameRefused as refused:
        raise ValueError(str(refused)) from None  # pygls answers with an error the editor shows
    return lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=range_of(document, span), new_text=params.new_name)
                                            for span in spans]})


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_symbols(ls: FlowServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    document = ls.analysis(params.text_document.uri)
    if document.flow is None:
        return []
    return [_symbol(document, symbol) for symbol in symbols.symbols(document.flow)]


def _symbol(document: Document, symbol: symbols.Symbol) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=symbol.name, detail=symbol.kind.replace("_", " "),
        kind=SYMBOL_KINDS.get(symbol.kind, lsp.SymbolKind.Function),
        range=range_of(document, symbol.span), selection_range=range_of(document, symbol.name_span),
        children=[_symbol(document, child) for child in symbol.children],
    )


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: FlowServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit]:
    """`dflow fmt`'s result as one edit; a flow that does not parse is left as it is."""
    text_document: TextDocument = ls.workspace.get_text_document(params.text_document.uri)
    text = text_document.source
    try:
        formatted = format_text(text, Path(text_document.path).name)
    except (FlowError, FormatError):
        return []
    if formatted == text:
        return []
    lines = text.split("\n")
    end = lsp.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)
    return [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=end), new_text=formatted)]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
def on_code_action(ls: FlowServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """Each diagnostic's suggested edit, as a quick fix."""
    uri = params.text_document.uri
    document = ls.analysis(uri)
    actions = []
    for diagnostic in document.diagnostics:
        if diagnostic.fix is None:
            continue
        shown = _diagnostic(document, diagnostic)
        if not _overlaps(shown.range, params.range):
            continue
        edit = lsp.TextEdit(range=range_of(document, diagnostic.fix.span), new_text=diagnostic.fix.replacement)
        actions.append(lsp.CodeAction(title=diagnostic.fix.label, kind=lsp.CodeActionKind.QuickFix,
                                      diagnostics=[shown], is_preferred=True,
                                      edit=lsp.WorkspaceEdit(changes={uri: [edit]})))
    return actions


def _overlaps(one: lsp.Range, other: lsp.Range) -> bool:
    def key(position: lsp.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(one.start) <= key(other.end) and key(other.start) <= key(one.end)


@server.feature(lsp.TEXT_DOCUMENT_INLAY_HINT)
def on_inlay_hint(ls: FlowServer, params: lsp.InlayHintParams) -> list[lsp.InlayHint]:
    document = ls.analysis(params.text_document.uri)
    if document.flow is None:
        return []
    return [
        lsp.InlayHint(position=to_lsp(document, hint.line, hint.column), label=hint.label,
                      kind=lsp.InlayHintKind.Parameter, tooltip="the waits before each retry")
        for hint in hints.hints(document.flow, document.lines)
        if params.range.start.line <= hint.line - 1 <= params.range.end.line
    ]


def main() -> None:
    # A server parses a flow on every keystroke: pydantic's validators, built once here
    # (a quarter of a second), then build each model faster than constructing it in Python.
    m.build_validators()
    server.start_io()
