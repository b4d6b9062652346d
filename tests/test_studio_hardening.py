"""The studio, pushed as an attacker or a tired developer would: limits, shutdowns, links, bad requests.

Through its API (Starlette's test client) and, for stopping, the real
`dflow studio` command in a subprocess, with a worker waiting on a callback.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dflow.studio.runs import MAX_LIVE_RUNS, Runs
from tests.studio_support import PORT, TOKEN, client, copy_example

ORDER = {"order_id": "o-1", "slot": "A1", "price_cents": 250}
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def wait_until(condition: Callable[[], object], what: str, seconds: float = 60) -> None:
    """Wait for a state, never for a fixed time: the machine may be busy."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


def run_request(folder: Path) -> dict[str, object]:
    return {"path": "vending.flow", "text": (folder / "vending.flow").read_text(), "input": ORDER}


def test_live_workers_are_bounded_and_the_page_is_told_why(folder: Path) -> None:
    runs = Runs()
    api = client(folder, runs=runs)
    try:
        for _ in range(MAX_LIVE_RUNS):
            assert api.post("/api/runs", json=run_request(folder)).status_code == 200
        refused = api.post("/api/runs", json=run_request(folder))
        assert refused.status_code == 429
        assert f"{MAX_LIVE_RUNS} runs are still going" in refused.json()["error"]
        assert runs.live() == MAX_LIVE_RUNS
    finally:
        runs.stop_all()


def test_answering_a_callback_after_its_worker_died_is_a_conflict(folder: Path) -> None:
    runs = Runs()
    api = client(folder, runs=runs)
    run_id = api.post("/api/runs", json=run_request(folder)).json()["id"]
    run = runs.get(run_id)
    assert run is not None
    wait_until(lambda: run.waiting is not None, "the run to wait for its callback")
    run.process.kill()
    run.process.join(10)
    response = api.post(f"/api/runs/{run_id}/callback", json={"answer": {"status": "approved"}})
    assert response.status_code == 409
    assert "not waiting" in response.json()["error"]


def test_a_request_body_past_the_limit_is_refused(folder: Path) -> None:
    big = b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = client(folder).post("/api/analyse", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_a_chunked_body_past_the_limit_is_refused_as_it_grows(folder: Path) -> None:
    def chunks() -> object:
        for _ in range(4):
            yield b"x" * (1024 * 1024)

    response = client(folder).post("/api/analyse", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_each_studio_has_a_cookie_of_its_own_port(folder: Path) -> None:
    page = client(folder, token=None)
    assert page.get(f"/?token={TOKEN}").status_code == 200
    assert list(dict(page.cookies)) == [f"dflow_studio_token_{PORT}"]
    # Another studio's cookie beside it (another port, another name) changes nothing.
    page.cookies.set(f"dflow_studio_token_{PORT + 1}", "another-studios-token")
    assert page.get("/api/files").status_code == 200


def test_ipv6_loopback_is_served_under_its_bracketed_name(folder: Path) -> None:
    api = client(folder, host=f"[::1]:{PORT}", bind="::1")
    assert api.get("/api/files").status_code == 200


def test_a_scenario_file_that_links_outside_the_served_folder_is_not_read(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("scenarios:\n  - name: a secret name\n    expect: {status: succeeded}\n")
    (folder / "vending.scenarios.yaml").unlink()
    (folder / "vending.scenarios.yaml").symlink_to(outside)
    api = client(folder)
    listing = api.get("/api/scenarios", params={"path": "vending.flow"})
    assert listing.status_code == 403
    assert "a secret name" not in listing.text
    assert api.post("/api/scenarios/run", json={"path": "vending.flow"}).status_code == 403


@pytest.mark.parametrize(("method", "route", "body"), [
    ("POST", "/api/docs", {"path": "missing.flow"}),
    ("PUT", "/api/file", {"path": "folder.flow", "text": "flow x\n"}),
    ("PUT", "/api/file", {"path": "vending.flow/below.flow", "text": "flow x\n"}),
    ("POST", "/api/scenarios/run", {"path": "vending.flow", "names": 5}),
    ("POST", "/api/scenarios/save", {"path": "vending.flow", "name": "x", "callbacks": [1],
                                     "outcome": {"status": "succeeded"}}),
    ("POST", "/api/scenarios/save", {"path": "vending.flow", "name": "x", "ran": 5,
                                     "outcome": {"status": "succeeded"}}),
])
def test_a_malformed_request_is_a_4xx_with_a_json_error(folder: Path, method: str, route: str, body: object) -> None:
    (folder / "folder.flow").mkdir()
    response = client(folder).request(method, route, json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]


def studio(folder: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "dflow", "studio", str(folder), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"(http://\S+)", line)
    assert found, line + (process.stderr.read() if process.stderr else "")
    return process, found.group(1)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGHUP])
def test_the_server_stops_within_seconds_with_its_workers_while_a_page_follows_a_waiting_run(
    folder: Path, stop: signal.Signals
) -> None:
    import httpx2 as httpx

    process, url = studio(folder)
    try:
        base, token = url.split("/?token=")
        headers = {"X-Dflow-Token": token}
        run_id = httpx.post(f"{base}/api/runs", json=run_request(folder), headers=headers, timeout=30).json()["id"]
        with httpx.stream("GET", f"{base}/api/runs/{run_id}/events", headers=headers, timeout=30) as events:
            lines = events.iter_lines()
            while '"type": "callback"' not in next(lines):
                pass
            workers = children_of(process.pid)
            assert workers, "the run's worker"
            os.kill(process.pid, stop)
            process.wait(timeout=15)
        wait_until(lambda: not any(alive(pid) for pid in workers), "the workers to stop", seconds=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
