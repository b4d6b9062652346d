// Running the flow on the SDK's local runner (in the server's worker process), answering its callbacks
// on the page, and keeping the run as a scenario.
import { follow, post } from "./api.js";
import { addEvent, clearTimeline } from "./timeline.js";

export class RunPanel {
  constructor(elements, studio) {
    this.el = elements;
    this.studio = studio;
    this.run = null;
    this.el.runButton.addEventListener("click", () => this.start());
    this.el.send.addEventListener("click", () => this.answer("answer"));
    this.el.fail.addEventListener("click", () => this.answer("fail"));
    this.el.timeout.addEventListener("click", () => this.answer("timeout"));
    this.el.saveScenario.addEventListener("click", () => this.saveAsScenario());
  }

  async start() {
    const event = this.studio.form.event();
    if (event === undefined) {
      this.showResult("error", "The input is not valid JSON.");
      return;
    }
    clearTimeline(this.el.timeline);
    this.studio.diagram.resetStatuses();
    this.hideCallback();
    this.el.saveBox.hidden = true;
    this.showResult("running", "Running on the SDK's local runner…");
    this.el.runButton.disabled = true;
    this.run = { input: event, callbacks: {}, ran: [], outcome: null, waiting: null };
    try {
      const { id } = await post("/api/runs", { path: this.studio.path, text: this.studio.text(), input: event });
      this.run.id = id;
      follow(id, (message) => this.onMessage(message));
    } catch (error) {
      this.showResult("error", error.message);
      this.el.runButton.disabled = false;
    }
  }

  onMessage(message) {
    const run = this.run;
    if (message.type === "event") {
      addEvent(this.el.timeline, message);
      this.studio.diagram.setStatus(message.name, message.status);
      if (message.top_level && ["started", "scheduled"].includes(message.status) && !run.ran.includes(message.name)
          && !message.name.startsWith("undo_") && !message.name.endsWith(" clock") && message.kind !== "log") {
        run.ran.push(message.name);
      }
    } else if (message.type === "callback") {
      run.waiting = message.name;
      this.studio.diagram.setStatus(message.name, "waiting");
      this.showCallback(message.name);
    } else if (message.type === "outcome") {
      run.outcome = message;
      this.studio.diagram.setOutcome(message);
      const shown = message.status === "succeeded"
        ? JSON.stringify(message.result, null, 2)
        : `${message.error_name || "error"}: ${message.error_message || ""}`;
      this.showResult(message.status, shown);
      this.el.saveBox.hidden = false;
    } else if (message.type === "error") {
      this.showResult("error", message.message);
    } else if (message.type === "done") {
      this.hideCallback();
      this.el.runButton.disabled = false;
    }
  }

  // The answer box starts with the fields the flow reads of this callback (`approval.approved` …).
  showCallback(name) {
    this.el.callbackBox.hidden = false;
    this.el.callbackName.textContent = name;
    if (!this.el.answer.value.trim()) {
      const fields = ((this.studio.analysed && this.studio.analysed.callbacks) || {})[name] || {};
      this.el.answer.value = JSON.stringify(fields, null, Object.keys(fields).length ? 2 : 0);
    }
    this.el.answer.focus();
    this.el.callbackBox.scrollIntoView({ block: "nearest" });
  }

  hideCallback() {
    this.el.callbackBox.hidden = true;
  }

  async answer(how) {
    const run = this.run;
    if (!run || !run.waiting) return;
    const text = this.el.answer.value;
    let answer;
    if (how === "answer") {
      try { answer = { answer: JSON.parse(text) }; } catch { answer = { answer: text }; }
    } else if (how === "fail") {
      answer = { fail: text.trim() || "the other system reported a failure" };
    } else {
      answer = { timeout: true };
    }
    // Each pass's answer, in order: a callback in a loop may time out once and be answered the next time.
    (run.callbacks[run.waiting] ||= []).push(answer);
    run.waiting = null;
    this.hideCallback();
    this.el.answer.value = "";
    try {
      await post(`/api/runs/${run.id}/callback`, answer);
    } catch (error) {
      this.showResult("error", error.message);
    }
  }

  showResult(status, text) {
    this.el.result.dataset.status = status;
    this.el.resultStatus.textContent = status.replace("_", " ");
    this.el.resultText.textContent = text;
  }

  async saveAsScenario() {
    const run = this.run;
    const name = this.el.scenarioName.value.trim();
    if (!run || !run.outcome) return;
    try {
      const saved = await post("/api/scenarios/save", {
        path: this.studio.path, name, input: run.input, callbacks: run.callbacks, outcome: run.outcome, ran: run.ran,
      });
      this.el.saveMessage.textContent = `Saved as “${saved.name}” in ${saved.file}.`;
      this.studio.scenarios.load();
    } catch (error) {
      this.el.saveMessage.textContent = error.message;
    }
  }
}
