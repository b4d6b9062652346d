"""Figure 8: `dflow lsp`'s latency, warm, as an editor sees it: a change until its diagnostics, and a completion.

The server runs as an editor starts it (`dflow lsp`, over stdio); a pygls client
times each round trip. The baseline is the same analysis in this process, warmed
as the server warms itself, so the ratio is what the protocol and the server add.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from dflow.editor.completion import complete
from dflow.editor.document import analyse
from dflow.language.model import build_validators
from flowgen import generate_flow

Row = Callable[[str, float, float, str, str, bool, str], None]


async def _round_trips(texts: dict[str, str], repeats: int) -> dict[str, float]:
    """For each text: the median time from a change until its diagnostics; and a completion on the first."""
    client = LanguageClient("dflow-benchmark", "1")
    published: asyncio.Queue[str] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: lsp.PublishDiagnosticsParams) -> None:
        published.put_nowait(params.uri)

    await client.start_io(sys.executable, "-m", "dflow", "lsp")
    folder = Path(tempfile.mkdtemp())
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=folder.as_uri()))
    client.initialized(lsp.InitializedParams())
    medians = {}
    for name, text in texts.items():
        uri = (folder / f"{name}.flow").as_uri()
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="flow", version=1, text=text)))
        await published.get()
        times = []
        for version in range(2, repeats + 2):
            changed = text + f"# edit {version}\n"
            started = time.perf_counter()
            client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)]))
            while await published.get() != uri:
                pass
            times.append(time.perf_counter() - started)
        medians[name] = statistics.median(times)
        if name == "vending":
            medians["completion"] = await _completion(client, uri, text, repeats)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return medians


async def _completion(client: LanguageClient, uri: str, text: str, repeats: int) -> float:
    line, column = _after_input(text)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line - 1, character=column - 1)))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _after_input(text: str) -> tuple[int, int]:
    index = text.index("input.") + len("input.")
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _in_process(text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        analyse(text, "flow.flow")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def editor_latency(vending: Path, repeats: int, row: Row) -> None:
    texts = {"vending": vending.read_text(), "300 statements": generate_flow(300)}
    measured = asyncio.run(_round_trips(texts, repeats))
    build_validators()  # as the server does at its start
    for name, target in (("vending", 0.050), ("300 statements", 0.200)):
        baseline = _in_process(texts[name], repeats)
        row(f"8 lsp: a change to its diagnostics, {name} (warm)", measured[name], baseline, "s",
            f"<= {target * 1000:.0f} ms", measured[name] <= target, "(the same analysis in-process)")
    document = analyse(texts["vending"], "vending.flow")
    line, column = _after_input(texts["vending"])
    started = time.perf_counter()
    for _ in range(repeats):
        complete(document, line, column)
    baseline = (time.perf_counter() - started) / repeats
    row("8 lsp: completion after `input.`, vending (warm)", measured["completion"], baseline, "s", "<= 50 ms",
        measured["completion"] <= 0.050, "(completion in-process)")
