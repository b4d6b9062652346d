"""`dflow studio`: a local page where analysts edit, see and try a flow.

`app.py` is the Starlette application (routes only); `guard.py` refuses
requests without the token or from another origin; `files.py` reads and saves
flows inside the served folder and nowhere else; `analysis.py` is what a
keystroke asks for (diagnostics, the diagram, the input form); `runs.py`
runs a flow or its scenarios in a worker process (`worker.py`) and streams
what happens; `executions.py` reads a deployed function's executions;
`static/` is the page, built from `frontend/`.
"""
