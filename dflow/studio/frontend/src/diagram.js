// The diagram: `dflow graph`'s DOT drawn by Graphviz compiled to WebAssembly, with each node tied to
// its statement (click → cursor) and to its operation (a run's statuses colour the path taken).
import { instance } from "@viz-js/viz";

const vizReady = instance();
const STATUS_OF_EVENT = {
  started: "running", scheduled: "running", retrying: "running", running: "running",
  succeeded: "succeeded", failed: "failed", "timed out": "failed", cancelled: "failed", stopped: "failed",
};

export class Diagram {
  constructor(container, onNodeClick) {
    this.container = container;
    this.onNodeClick = onNodeClick;
    this.nodes = [];
    this.statuses = new Map(); // operation name → status
    this.current = null;
  }

  async draw(dot, nodes, edges) {
    const viz = await vizReady;
    let svg;
    try {
      svg = viz.renderSVGElement(dot);
    } catch (error) {
      return; // keep the last drawing
    }
    svg.setAttribute("data-testid", "diagram");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    const byId = new Map(nodes.map((node) => [node.id, node]));
    for (const group of svg.querySelectorAll("g.node")) {
      const id = group.querySelector("title")?.textContent;
      const node = byId.get(id);
      if (!node) continue;
      group.setAttribute("data-node", id);
      group.setAttribute("data-status", "idle");
      if (node.operation) group.setAttribute("data-operation", node.operation);
      group.addEventListener("click", () => node.span && this.onNodeClick(node.span));
      group.querySelector("title")?.remove(); // the browser's tooltip would repeat the id
    }
    this.nodes = nodes;
    this.edges = edges || [];
    this.container.replaceChildren(svg);
    this.applyStatuses();
    this.highlight(this.current);
  }

  // Show the node whose statement holds the cursor's line (the innermost one).
  highlight(line) {
    this.current = line;
    let best = null;
    for (const node of this.nodes) {
      const span = node.span;
      if (!span || line === null || line < span.line || line > span.end_line) continue;
      if (!best || span.end_line - span.line < best.span.end_line - best.span.line) best = node;
    }
    for (const group of this.container.querySelectorAll("g.node.current")) group.classList.remove("current");
    if (best) this.container.querySelector(`g.node[data-node="${best.id}"]`)?.classList.add("current");
  }

  resetStatuses() {
    this.statuses.clear();
    this.applyStatuses();
  }

  setStatus(operation, eventStatus) {
    if (!operation || !(eventStatus === "waiting" || STATUS_OF_EVENT[eventStatus])) return;
    this.statuses.set(operation, eventStatus);
    this.applyStatuses();
  }

  // Mark the nodes on the path the run took. Two nodes may share an operation's name (`audit` in both
  // arms of an `if`): a node counts only when an edge into it was taken, so the other arm stays idle.
  applyStatuses() {
    const reached = this.pathTaken();
    for (const group of this.container.querySelectorAll("g.node[data-node]")) {
      const id = group.getAttribute("data-node");
      const operation = group.getAttribute("data-operation");
      const raw = operation && reached.has(id) ? this.statuses.get(operation) : null;
      let status = raw ? (raw === "waiting" ? "waiting" : STATUS_OF_EVENT[raw]) : "idle";
      if (!operation && reached.has(id) && this.statuses.size) status = "passed"; // a decision or a return on the path
      group.setAttribute("data-status", status);
    }
  }

  pathTaken() {
    const byId = new Map(this.nodes.map((node) => [node.id, node]));
    const reached = new Set(this.nodes.filter((node) => node.kind === "start").map((node) => node.id));
    const taken = (edge) => {
      if (!reached.has(edge.source)) return false;
      const source = byId.get(edge.source);
      if (!source || !source.operation || source.kind === "fork") return true; // a decision, a join, into branches
      const status = this.statuses.get(source.operation);
      if (edge.label === "undo") return true;
      if (edge.label === "timeout") return status === "timed out";
      if (edge.label) return status === "failed";
      return status === "succeeded";
    };
    for (let pass = 0, grew = true; grew && pass <= this.nodes.length; pass += 1) {
      grew = false;
      for (const edge of this.edges) {
        if (reached.has(edge.target) || !taken(edge)) continue;
        const target = byId.get(edge.target);
        if (target && target.operation && !this.statuses.has(target.operation)) continue;
        reached.add(edge.target);
        grew = true;
      }
    }
    return reached;
  }
}
