// The executions of the deployed function (ListDurableExecutionsByFunction, GetDurableExecutionHistory),
// shown on the same timeline and diagram as a local run.
import { post } from "./api.js";
import { addEvent, clearTimeline } from "./timeline.js";

export class ExecutionsPanel {
  constructor(elements, studio) {
    this.el = elements;
    this.studio = studio;
    this.el.list.addEventListener("submit", (event) => { event.preventDefault(); this.load(); });
  }

  where() {
    return {
      function: this.el.function.value.trim(),
      endpoint: this.el.endpoint.value.trim() || null,
      region: this.el.region.value.trim() || null,
    };
  }

  async load() {
    this.el.message.textContent = "Loading…";
    this.el.table.replaceChildren();
    try {
      const { executions } = await post("/api/executions", this.where());
      this.el.message.textContent = executions.length ? "" : "No executions of this function.";
      for (const execution of executions) {
        const row = document.createElement("li");
        row.dataset.status = execution.status;
        row.textContent = `${execution.name}  ${execution.status}  ${execution.started || ""}`;
        row.addEventListener("click", () => this.show(execution));
        this.el.table.append(row);
      }
    } catch (error) {
      this.el.message.textContent = error.message;
    }
  }

  async show(execution) {
    try {
      const { status, events } = await post("/api/executions/history", { ...this.where(), arn: execution.arn });
      this.el.message.textContent = `${execution.name}: ${status}`;
      this.studio.showTab("run");
      clearTimeline(this.studio.el.timeline);
      this.studio.diagram.resetStatuses();
      for (const event of events) {
        if (event.kind === "execution" || event.kind === "invocation") continue;
        addEvent(this.studio.el.timeline, event);
        this.studio.diagram.setStatus(event.name, event.status);
      }
    } catch (error) {
      this.el.message.textContent = error.message;
    }
  }
}
