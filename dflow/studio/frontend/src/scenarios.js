// The flow's scenarios (NAME.scenarios.yaml beside it): listed, run one or all, with pass/fail and the differences.
import { follow, get, post } from "./api.js";

export class ScenariosPanel {
  constructor(elements, studio) {
    this.el = elements;
    this.studio = studio;
    this.el.runAll.addEventListener("click", () => this.run(null));
  }

  async load() {
    this.el.list.replaceChildren();
    if (!this.studio.path) return;
    const listing = await get(`/api/scenarios?path=${encodeURIComponent(this.studio.path)}`);
    this.el.file.textContent = listing.file
      ? listing.file + (listing.error ? ` (${listing.error})` : "")
      : "No scenario file beside this flow yet: run the flow and save the run as a scenario.";
    this.el.runAll.disabled = !listing.scenarios.length;
    for (const name of listing.scenarios) {
      const item = document.createElement("li");
      item.dataset.scenario = name;
      const title = document.createElement("span");
      title.className = "name";
      title.textContent = name;
      const button = document.createElement("button");
      button.textContent = "Run";
      button.addEventListener("click", () => this.run([name]));
      const result = document.createElement("div");
      result.className = "outcome";
      result.dataset.testid = "scenario-result";
      item.append(title, button, result);
      this.el.list.append(item);
    }
  }

  async run(names) {
    const rows = [...this.el.list.children].filter((row) => !names || names.includes(row.dataset.scenario));
    for (const row of rows) {
      const result = row.querySelector(".outcome");
      result.dataset.status = "running";
      result.textContent = "running…";
    }
    try {
      // The flow as the editor holds it, saved or not: the scenarios test what the analyst sees.
      const { id } = await post("/api/scenarios/run", { path: this.studio.path, names, text: this.studio.text() });
      follow(id, (message) => this.onMessage(message, rows));
    } catch (error) {
      for (const row of rows) row.querySelector(".outcome").textContent = error.message;
    }
  }

  onMessage(message, rows) {
    if (message.type === "scenario") {
      const row = rows.find((r) => r.dataset.scenario === message.scenario) || rows[0];
      if (!row) return;
      const result = row.querySelector(".outcome");
      result.dataset.status = message.passed ? "passed" : "failed";
      const lines = [message.passed ? `PASSED (${message.seconds} s)` : `FAILED (${message.seconds} s)`];
      if (message.error) lines.push(message.error);
      lines.push(...message.mismatches);
      result.textContent = lines.join("\n");
    } else if (message.type === "error") {
      for (const row of rows) {
        const result = row.querySelector(".outcome");
        if (result.dataset.status === "running") {
          result.dataset.status = "failed";
          result.textContent = message.message;
        }
      }
    }
  }
}
