"""The studio's keystroke latency, measured in a real browser: a key pressed → diagnostics and diagram updated.

    python benchmarks/studio.py             # 30 keystrokes per flow
    python benchmarks/studio.py --keys 100

For the vending flow and a generated 300-statement flow, it starts `dflow
studio`, opens the flow in Debian's Chromium (Playwright), and types into a
comment at the end of the flow, one key at a time, waiting for each update.
The time runs from the browser's keydown to the end of the redraw (the page's
`studio:analysed` event: the request, the answer, the diagnostics and the
diagram drawn by Graphviz in WebAssembly). Beside it: the server's own share,
`analyse()` in-process (parse, check, graph, DOT), the same run's baseline.
Targets: 150 ms (vending) and 400 ms (300 statements), medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flowgen import generate_flow  # noqa: E402

from dflow.studio.analysis import analyse  # noqa: E402
from tests.studio_support import studio_command  # noqa: E402
from tests.test_studio_browser import CHROMIUM_FLAGS  # noqa: E402

TARGETS_MS = {"vending.flow": 150, "big300.flow": 400}
LISTEN = """() => {
  window.__latencies = [];
  document.addEventListener("keydown", () => { window.__keyAt = performance.now(); }, true);
  document.addEventListener("studio:analysed", (event) => {
    if (window.__keyAt !== undefined) window.__latencies.push(event.detail.finished - window.__keyAt);
    window.__keyAt = undefined;
  });
}"""


def server_share(text: str, name: str, repeats: int) -> float:
    """Median milliseconds of `analyse()` alone, after one warm-up."""
    analyse(text, name)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        analyse(text, name)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def keystrokes(page: object, keys: int) -> list[float]:
    page.evaluate(LISTEN)  # type: ignore[attr-defined]
    page.click(".cm-content")  # type: ignore[attr-defined]
    page.keyboard.press("Control+End")  # type: ignore[attr-defined]
    page.keyboard.type("\n# ")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.evaluate("() => { window.__latencies = []; }")  # type: ignore[attr-defined]
    for index in range(keys):
        page.keyboard.press("abcdefghij"[index % 10])  # type: ignore[attr-defined]
        page.wait_for_function(f"window.__latencies.length >= {index + 1}", timeout=10000)  # type: ignore[attr-defined]
    return list(page.evaluate("window.__latencies"))  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("benchmarks/studio.py needs Chromium: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="dflow-studio-bench-"))
    shutil.copy(ROOT / "examples" / "vending" / "vending.flow", folder / "vending.flow")
    (folder / "big300.flow").write_text(generate_flow(300, "big300"))
    rows = []
    with studio_command(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.goto(url)
        for name in ("vending.flow", "big300.flow"):
            page.goto(f"{url}#flow={name}")
            page.reload()
            page.wait_for_selector("[data-testid=diagram] g.node")
            latencies = keystrokes(page, args.keys)
            text = (folder / name).read_text()
            share = server_share(text, name, 20)
            rows.append((name, len(text.splitlines()), statistics.median(latencies),
                         sorted(latencies)[int(len(latencies) * 0.9) - 1], share, TARGETS_MS[name]))
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{'flow':<14}{'lines':>7}{'median ms':>11}{'p90 ms':>9}{'server ms':>11}{'server share':>14}{'target':>9}  met")
    for name, lines, median, p90, share, target in rows:
        print(f"{name:<14}{lines:>7}{median:>11.1f}{p90:>9.1f}{share:>11.1f}{share / median:>13.0%}{target:>7} ms  "
              f"{'yes' if median <= target else 'NO'}")
    return 0 if all(median <= target for _, _, median, _, _, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
