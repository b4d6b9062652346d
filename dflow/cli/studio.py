"""`dflow studio [PATH]`: serve the studio page for a folder of flows (or one flow) on this machine."""

from __future__ import annotations

import argparse
import secrets
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from dflow.cli.files import Commands
from dflow.cli.words import needs_extra

LOOPBACK = "127.0.0.1"


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "studio",
        help="a local page to edit, see and try flows: editor, diagram, runs, scenarios",
        description="Serve PATH (a folder of flows, or one flow) on 127.0.0.1 and open the page in a "
        "browser: the flow in an editor with dflow check's diagnostics as you type, the diagram beside "
        "it, an input form, runs on the SDK's local runner with callbacks answered on the page, the "
        "flow's scenarios, and the executions of a deployed function. Every request needs the printed "
        "token. Needs: pip install 'dflow[studio]'.",
    )
    parser.add_argument("path", nargs="?", type=Path, default=Path("."), metavar="PATH")
    parser.add_argument("--port", type=int, default=0, metavar="N", help="the port (default: a free one)")
    parser.add_argument("--host", default=LOOPBACK, metavar="H", help="the address to bind (default: 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="print the address but do not open a browser")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from dflow.studio.app import create_app
        from dflow.studio.files import Served
    except ImportError as error:
        print(needs_extra("the studio", error.name, "studio"), file=sys.stderr)
        return 2
    if not args.path.exists():
        print(f"dflow: no such file or folder: {args.path}", file=sys.stderr)
        return 2
    from dflow.studio.guard import host_in_url

    port = args.port or _free_port(args.host)
    token = secrets.token_urlsafe(24)
    url = f"http://{LOOPBACK if args.host in ('0.0.0.0', LOOPBACK) else host_in_url(args.host)}:{port}/?token={token}"
    if args.host not in (LOOPBACK, "localhost"):
        print(f"dflow: warning: serving on {args.host}; anyone who can reach it and has the token can run flows", file=sys.stderr)
    app = create_app(Served.of(args.path), token, port, args.host)
    print(f"dflow studio: {url}", flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        _serve(uvicorn, app, args.host, port)
    except SystemExit as stop:  # uvicorn exits 1 when the port is taken
        print(f"dflow: cannot serve on {args.host}:{port}; choose another --port", file=sys.stderr)
        return int(stop.code or 1)
    return 0


def _serve(uvicorn: Any, app: Any, host: str, port: int) -> None:
    """Serve until Ctrl-C, a `kill`, or the terminal closing (SIGHUP), then stop within seconds.

    The page's event streams end as the server stops, and no request may hold
    the shutdown up for more than two seconds; the workers are stopped with it.
    """
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: setattr(server, "should_exit", True))
    server.run()


def _free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
