"""The studio's HTTP interface: the page, and a small JSON API the page (and tests) call.

Every route names files by their path relative to the served folder; `Guard`
has already checked the token, the Host and the Origin before any of them runs.
Live runs are followed as server-sent events.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dflow.editor.completion import complete as editor_complete
from dflow.editor.document import Document
from dflow.editor.document import analyse as analyse_document
from dflow.editor.hover import hover as editor_hover
from dflow.studio import executions, files, scenario_files
from dflow.studio.analysis import analyse, span_json
from dflow.studio.guard import TOO_LARGE, BodyTooLarge, Guard
from dflow.studio.runs import Runs, TooManyRuns

STATIC = Path(__file__).with_name("static")
EVENT_POLL_SECONDS = 0.03


class Problem(Exception):
    """A request the API refuses, with the HTTP status and the words the page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_app(served: files.Served, token: str, port: int, host: str = "127.0.0.1", runs: Runs | None = None) -> Guard:
    """The whole application, behind its guard; `runs` keeps its runs (a fresh `Runs` unless given)."""
    runs = runs if runs is not None else Runs()
    api = Api(served, runs)
    routes = [
        Route("/", lambda request: FileResponse(STATIC / "index.html")),
        Route("/api/files", api.list_files),
        Route("/api/file", api.read_file),
        Route("/api/file", api.save_file, methods=["PUT"]),
        Route("/api/analyse", api.analyse, methods=["POST"]),
        Route("/api/hover", api.hover, methods=["POST"]),
        Route("/api/complete", api.complete, methods=["POST"]),
        Route("/api/docs", api.docs, methods=["POST"]),
        Route("/api/runs", api.start_run, methods=["POST"]),
        Route("/api/runs/{run_id}/events", api.run_events),
        Route("/api/runs/{run_id}/callback", api.answer_callback, methods=["POST"]),
        Route("/api/scenarios", api.list_scenarios),
        Route("/api/scenarios/run", api.run_scenarios, methods=["POST"]),
        Route("/api/scenarios/save", api.save_scenario, methods=["POST"]),
        Route("/api/executions", api.list_executions, methods=["POST"]),
        Route("/api/executions/history", api.execution_history, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC)),
    ]
    app = Starlette(routes=routes, lifespan=_stopping(runs))
    return Guard(app, token, port, host)


def _stopping(runs: Runs) -> Any:
    """Workers still running when the server stops are stopped with it."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        runs.stop_all()

    return lifespan


def endpoint(handler: Any) -> Any:
    """A handler's `Problem` becomes a JSON error; a bad JSON body is a 400."""

    async def wrapped(self: Api, request: Request) -> Response:
        try:
            response: Response = await handler(self, request)
            return response
        except Problem as problem:
            return JSONResponse({"error": problem.message}, status_code=problem.status)
        except files.OutsideRoot:
            return JSONResponse({"error": "that file is not a flow in the folder the studio serves"}, status_code=403)
        except UnicodeDecodeError as error:
            return JSONResponse({"error": f"that file is not UTF-8 text (byte {error.start + 1})"}, status_code=422)
        except TooManyRuns as error:
            return JSONResponse({"error": str(error)}, status_code=429)
        except BodyTooLarge:
            return JSONResponse({"error": TOO_LARGE}, status_code=413)
        except FileNotFoundError:
            return JSONResponse({"error": "no such flow"}, status_code=404)
        except (IsADirectoryError, NotADirectoryError):
            return JSONResponse({"error": "that path is a folder, or lies below a file: it cannot be a flow"},
                                status_code=409)
        except OSError as error:
            return JSONResponse({"error": f"the file could not be read or written: {error.strerror}"}, status_code=409)

    return wrapped


class Api:
    def __init__(self, served: files.Served, runs: Runs) -> None:
        self.served = served
        self.runs = runs

    @endpoint
    async def list_files(self, request: Request) -> Response:
        return JSONResponse({"root": self.served.root.name, "flows": self.served.flows()})

    @endpoint
    async def read_file(self, request: Request) -> Response:
        path = self.served.resolve(request.query_params.get("path", ""))
        if not path.is_file():
            raise Problem(404, "no such flow")
        text, version = files.read(path)
        return JSONResponse({"path": request.query_params["path"], "text": text, "version": version})

    @endpoint
    async def save_file(self, request: Request) -> Response:
        body = await _json(request)
        path = self.served.resolve(str(body.get("path", "")))
        try:
            version = files.save(path, str(body.get("text", "")), body.get("version"))
        except files.ChangedOnDisk as changed:
            return JSONResponse(
                {"error": "the file changed on disk since you opened it; reload it to see those changes",
                 "version": changed.version},
                status_code=409,
            )
        return JSONResponse({"version": version})

    @endpoint
    async def analyse(self, request: Request) -> Response:
        body = await _json(request)
        name = Path(str(body.get("path") or "flow.flow")).name
        return JSONResponse(analyse(str(body.get("text", "")), name))

    @endpoint
    async def hover(self, request: Request) -> Response:
        """What the editor shows on hover, from the same analysis as `dflow lsp` (`dflow.editor`)."""
        document, line, column = await _at(request)
        found = editor_hover(document, line, column)
        if found is None:
            return JSONResponse({"hover": None})
        return JSONResponse({"hover": {"markdown": found.markdown, "span": span_json(found.span)}})

    @endpoint
    async def complete(self, request: Request) -> Response:
        """What may be written at a position, from the same analysis as `dflow lsp`."""
        document, line, column = await _at(request)
        found = editor_complete(document, line, column)
        return JSONResponse({"items": [
            {"label": item.label, "kind": item.kind, "detail": item.detail, "insert": item.insert or item.label}
            for item in found
        ]})

    @endpoint
    async def docs(self, request: Request) -> Response:
        from dflow.language.reading import check_text
        from dflow.docs.page import docs_page

        body = await _json(request)
        path = self.served.resolve(str(body.get("path", "")))
        text = str(body["text"]) if "text" in body else path.read_text(encoding="utf-8")
        flow, _ = check_text(text, path.name)
        if flow is None:
            raise Problem(422, "the flow has errors; fix them to see its page")
        return JSONResponse({"markdown": docs_page(flow)})

    @endpoint
    async def start_run(self, request: Request) -> Response:
        body = await _json(request)
        path = self.served.resolve(str(body.get("path", "")))
        actions = scenario_files.actions_folder(path)
        run = self.runs.flow(str(body.get("text", "")), path.name, str(actions), body.get("input"))
        return JSONResponse({"id": run.id})

    @endpoint
    async def run_events(self, request: Request) -> Response:
        run = self.runs.get(request.path_params["run_id"])
        if run is None:
            raise Problem(404, "no such run")

        async def stream() -> AsyncIterator[str]:
            sent = 0
            while True:
                messages = run.messages[sent:]
                for message in messages:
                    yield f"data: {json.dumps(message)}\n\n"
                sent += len(messages)
                if run.done and sent == len(run.messages):
                    return
                # A server that is stopping ends every stream, so Ctrl-C is never held up by a page.
                if self.runs.stopping or await request.is_disconnected():
                    return
                await asyncio.sleep(EVENT_POLL_SECONDS)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    @endpoint
    async def answer_callback(self, request: Request) -> Response:
        run = self.runs.get(request.path_params["run_id"])
        if run is None:
            raise Problem(404, "no such run")
        body = await _json(request)
        answer: dict[str, Any] = {key: body[key] for key in ("answer", "fail", "timeout") if key in body}
        if not run.answer(answer):
            raise Problem(409, "the run is not waiting for a callback")
        return JSONResponse({"ok": True})

    @endpoint
    async def list_scenarios(self, request: Request) -> Response:
        flow = self.served.resolve(request.query_params.get("path", ""))
        return JSONResponse(scenario_files.listing(self.served, flow))

    @endpoint
    async def run_scenarios(self, request: Request) -> Response:
        body = await _json(request)
        flow = self.served.resolve(str(body.get("path", "")))
        scenario_file = scenario_files.beside(flow, self.served)
        if not scenario_file.is_file():
            raise Problem(404, f"there is no {scenario_file.name} beside the flow")
        names = body.get("names")
        if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise Problem(400, "`names` is a list of the scenarios' names")
        actions = scenario_files.project_actions(flow)
        text = body.get("text")
        if text is not None and not isinstance(text, str):
            raise Problem(400, "`text` is the flow's text, as the editor holds it")
        # The editor's text, saved or not: the scenarios test the flow the analyst sees.
        run = self.runs.scenarios(str(scenario_file), list(names) if names else None,
                                  str(actions) if actions else None, text)
        return JSONResponse({"id": run.id})

    @endpoint
    async def save_scenario(self, request: Request) -> Response:
        body = await _json(request)
        flow = self.served.resolve(str(body.get("path", "")))
        try:
            saved = scenario_files.save_run(flow, body, self.served)
        except scenario_files.ScenarioProblem as problem:
            raise Problem(400, str(problem)) from None
        return JSONResponse(saved)

    @endpoint
    async def list_executions(self, request: Request) -> Response:
        body = await _json(request)
        function = str(body.get("function", "")).strip()
        if not function:
            raise Problem(400, "name the deployed function (its name or ARN)")
        try:
            found = await asyncio.to_thread(executions.list_executions, function, body.get("endpoint"), body.get("region"))
        except executions.ExecutionsError as error:
            raise Problem(502, str(error)) from None
        return JSONResponse({"executions": found})

    @endpoint
    async def execution_history(self, request: Request) -> Response:
        body = await _json(request)
        try:
            found = await asyncio.to_thread(executions.history, str(body.get("arn", "")), body.get("endpoint"), body.get("region"))
        except executions.ExecutionsError as error:
            raise Problem(502, str(error)) from None
        return JSONResponse(found)


async def _at(request: Request) -> tuple[Document, int, int]:
    """The analysis of the text a request sends, and the line and column (from 1) it asks about."""
    body = await _json(request)
    name = Path(str(body.get("path") or "flow.flow")).name
    try:
        line, column = int(body.get("line", 0)), int(body.get("column", 0))
    except (TypeError, ValueError):
        raise Problem(400, "line and column must be whole numbers") from None
    return analyse_document(str(body.get("text", "")), name), line, column


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise Problem(400, "the request body is not JSON") from None
    if not isinstance(body, dict):
        raise Problem(400, "the request body must be a JSON object")
    return body
