"""Screenshots of every panel of the studio, for the README and for a person to look at.

    python tests/studio_screenshots.py docs/studio

Drives `dflow studio` on a copy of the vending example in Chromium, as the
browser tests do, and writes one PNG per panel.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.studio_support import copy_example, studio_command  # noqa: E402
from tests.test_studio_browser import CHROMIUM_FLAGS  # noqa: E402

ORDER = {"order_id": "o-1", "slot": "A1", "price_cents": 250}


def main(output: Path) -> None:
    from playwright.sync_api import sync_playwright

    output.mkdir(parents=True, exist_ok=True)
    folder = copy_example(Path(tempfile.mkdtemp(prefix="dflow-shots-")))
    with studio_command(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "chromium", headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 950}, device_scale_factor=1)
        page.goto(url)
        page.wait_for_selector("[data-testid=diagram] g.node")
        page.fill("[data-testid=input-order_id]", ORDER["order_id"])
        page.fill("[data-testid=input-slot]", ORDER["slot"])
        page.fill("[data-testid=input-price_cents]", str(ORDER["price_cents"]))
        page.screenshot(path=str(output / "editor-and-diagram.png"))

        page.click(".cm-content")
        page.evaluate("""() => { const doc = studio.view.state.doc; for (let n = 1; n <= doc.lines; n++) {
            if (doc.line(n).text.startsWith("step validate")) { studio.view.dispatch({ selection: { anchor: doc.line(n).to } }); return; } } }""")
        page.keyboard.type('\nstep extra = audit(order_id: input.ordr_id, outcome: "again")')
        page.wait_for_selector("[data-testid=diagnostics] li.error")
        page.hover(".cm-lintRange-error")
        page.wait_for_timeout(700)
        page.screenshot(path=str(output / "diagnostic-with-fix.png"))
        # The same mistake with the hover card: the code's explanation, from dflow lsp's analysis.
        page.mouse.move(5, 5)
        page.wait_for_timeout(300)
        box = page.evaluate("""() => { const at = studio.view.state.doc.toString().indexOf("ordr_id") + 2;
            const c = studio.view.coordsAtPos(at); return { x: (c.left + c.right) / 2, y: (c.top + c.bottom) / 2 }; }""")
        page.mouse.move(box["x"], box["y"])
        page.wait_for_selector("[data-testid=hover]")
        page.wait_for_timeout(400)
        page.screenshot(path=str(output / "editor-hover.png"))
        page.click("[data-testid=fix]")
        page.keyboard.press("Control+z")
        page.keyboard.press("Control+z")
        page.wait_for_timeout(300)
        page.evaluate("() => studio.open(studio.path)")
        page.wait_for_timeout(500)

        page.click("[data-testid=run-button]")
        page.locator("[data-testid=callback-pending]").wait_for(state="visible")
        page.fill("[data-testid=callback-answer]", json.dumps({"status": "approved"}))
        page.screenshot(path=str(output / "run-waiting-for-callback.png"))
        page.click("[data-testid=callback-send]")
        page.wait_for_selector("[data-testid=result][data-status=succeeded]")
        page.fill("#scenario-name", "approved payment dispenses again")
        page.screenshot(path=str(output / "run-finished-with-path.png"))

        page.click("[data-tab=scenarios]")
        page.click("#scenarios-run-all")
        page.wait_for_function("[...document.querySelectorAll('[data-testid=scenario-result]')].every((r) => ['passed', 'failed'].includes(r.dataset.status))", timeout=60000)
        page.screenshot(path=str(output / "scenarios.png"))

        page.click("[data-tab=executions]")
        page.fill("#execution-function", "vending-VendingFunction-8Xk2")
        page.fill("#execution-region", "eu-west-1")
        page.screenshot(path=str(output / "executions.png"))

        page.click("[data-tab=docs]")
        page.wait_for_selector("#docs h1")
        page.screenshot(path=str(output / "docs.png"))
        browser.close()
    shutil.rmtree(folder.parent, ignore_errors=True)
    print("\n".join(sorted(str(path) for path in output.glob("*.png"))))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "studio")
