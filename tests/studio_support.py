"""The studio for tests: its app over Starlette's TestClient, or the real `dflow studio` command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from dflow.studio.app import create_app
from dflow.studio.files import Served

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "t0ken-for-tests"
PORT = 8123


def copy_example(tmp_path: Path, name: str = "vending") -> Path:
    """The example's folder copied, so saving and scenarios never touch the repository."""
    folder = tmp_path / name
    shutil.copytree(ROOT / "examples" / name, folder, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    return folder


def client(folder: Path, token: str | None = TOKEN, host: str = f"127.0.0.1:{PORT}", runs: Any = None,
           bind: str = "127.0.0.1") -> TestClient:
    app = create_app(Served.of(folder), TOKEN, PORT, bind, runs)
    headers = {"X-Dflow-Token": token} if token else {}
    return TestClient(app, base_url=f"http://{host}", headers=headers)


def events(api: TestClient, run_id: str, answer: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every message of a run, answering its callbacks with `answer`."""
    messages: list[dict[str, Any]] = []
    with api.stream("GET", f"/api/runs/{run_id}/events") as stream:
        for line in stream.iter_lines():
            if not line.startswith("data: "):
                continue
            message = json.loads(line[6:])
            messages.append(message)
            if message["type"] == "callback" and answer is not None:
                assert api.post(f"/api/runs/{run_id}/callback", json=answer).status_code == 200
            if message["type"] == "done":
                break
    return messages


@contextmanager
def studio_command(path: Path) -> Iterator[str]:
    """`dflow studio PATH --no-browser` running; yields the address it printed, token included."""
    process = subprocess.Popen(
        [sys.executable, "-m", "dflow", "studio", str(path), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"dflow studio: (http://\S+)", line)
        assert found, line
        url = found.group(1)
        _wait_until_serving(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_serving(url: str) -> None:
    """Until the server answers its API (with the token as a header: the page's address redirects)."""
    import urllib.request

    base, token = url.split("/?token=")
    request = urllib.request.Request(f"{base}/api/files", headers={"X-Dflow-Token": token})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"dflow studio did not answer at {url}")
