// The diagram: `dflow graph`'s DOT drawn by Graphviz compiled to WebAssembly, with each node tied to
// its statement (click → cursor) and to its operation (a run's events colour the path taken). It zooms
// (wheel, buttons) and pans (drag, scroll); "fit width" fills the panel's width and scrolls down.
import { instance } from "@viz-js/viz";

const vizReady = instance();
const STATUS_OF_EVENT = {
  started: "running", scheduled: "running", retrying: "running", running: "running", checked: "running",
  succeeded: "succeeded", failed: "failed", "timed out": "failed", cancelled: "failed", stopped: "failed",
};
const ZOOM_STEP = 1.25;

export class Diagram {
  constructor(container, onNodeClick) {
    this.container = container;
    this.onNodeClick = onNodeClick;
    this.nodes = [];
    this.edges = [];
    this.statuses = new Map(); // operation name → the latest event's status
    this.outcome = null; // how the run ended: {status, error_type}
    this.current = null;
    this.scale = null; // null: fit the width
    this.canvas = document.createElement("div");
    this.canvas.className = "diagram-canvas";
    this.container.replaceChildren(this.controls(), this.canvas);
    this.canvas.addEventListener("wheel", (event) => {
      if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls, as pages do
      event.preventDefault();
      this.zoom(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
    }, { passive: false });
    this.pan();
    new ResizeObserver(() => { if (this.scale === null) this.applyScale(); }).observe(this.canvas);
  }

  controls() {
    const bar = document.createElement("div");
    bar.className = "diagram-controls";
    const button = (label, title, testid, action) => {
      const element = document.createElement("button");
      element.textContent = label;
      element.title = title;
      element.dataset.testid = testid;
      element.addEventListener("click", action);
      bar.append(element);
    };
    button("−", "Zoom out (Ctrl + wheel)", "zoom-out", () => this.zoom(1 / ZOOM_STEP));
    button("+", "Zoom in (Ctrl + wheel)", "zoom-in", () => this.zoom(ZOOM_STEP));
    button("Fit width", "Fill the panel's width; scroll to see the rest", "zoom-fit", () => { this.scale = null; this.applyScale(); });
    button("100%", "Actual size", "zoom-actual", () => { this.scale = 1; this.applyScale(); });
    return bar;
  }

  // Drag the drawing to move around it.
  pan() {
    let start = null;
    this.canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || event.target.closest("g.node")) return;
      start = { x: event.clientX, y: event.clientY, left: this.canvas.scrollLeft, top: this.canvas.scrollTop };
      this.canvas.classList.add("panning");
    });
    window.addEventListener("pointermove", (event) => {
      if (!start) return;
      this.canvas.scrollLeft = start.left - (event.clientX - start.x);
      this.canvas.scrollTop = start.top - (event.clientY - start.y);
    });
    window.addEventListener("pointerup", () => { start = null; this.canvas.classList.remove("panning"); });
  }

  svg() { return this.canvas.querySelector("svg"); }

  zoom(factor) {
    const svg = this.svg();
    if (!svg) return;
    const current = this.scale ?? this.fitScale(svg);
    this.scale = Math.min(8, Math.max(0.1, current * factor));
    this.applyScale();
  }

  naturalSize(svg) {
    const box = svg.viewBox.baseVal;
    return { width: box && box.width ? box.width : 1, height: box && box.height ? box.height : 1 };
  }

  fitScale(svg) {
    const { width } = this.naturalSize(svg);
    return Math.max(0.1, (this.canvas.clientWidth - 16) / width);
  }

  applyScale() {
    const svg = this.svg();
    if (!svg) return;
    const { width, height } = this.naturalSize(svg);
    const scale = this.scale ?? this.fitScale(svg);
    svg.setAttribute("width", String(Math.round(width * scale)));
    svg.setAttribute("height", String(Math.round(height * scale)));
    this.container.dataset.scale = scale.toFixed(3);
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
    this.canvas.replaceChildren(svg);
    this.applyScale();
    this.applyStatuses();
    this.highlight(this.current);
  }

  // Show the node whose statement holds the cursor's line (the innermost one). A statement's span ends
  // where the next line starts; that next line is not the statement's.
  highlight(line) {
    this.current = line;
    let best = null;
    for (const node of this.nodes) {
      const span = node.span;
      if (!span || line === null || line < span.line) continue;
      const last = span.end_column === 1 && span.end_line > span.line ? span.end_line - 1 : span.end_line;
      if (line > last) continue;
      if (!best || span.end_line - span.line < best.span.end_line - best.span.line) best = node;
    }
    for (const group of this.canvas.querySelectorAll("g.node.current")) group.classList.remove("current");
    if (best) this.canvas.querySelector(`g.node[data-node="${best.id}"]`)?.classList.add("current");
  }

  resetStatuses() {
    this.statuses.clear();
    this.outcome = null;
    this.applyStatuses();
  }

  setStatus(operation, eventStatus) {
    if (!operation || !(eventStatus === "waiting" || STATUS_OF_EVENT[eventStatus])) return;
    this.statuses.set(operation, eventStatus);
    this.applyStatuses();
  }

  setOutcome(outcome) {
    this.outcome = outcome;
    this.applyStatuses();
  }

  // Mark the nodes on the path the run took, from the run's own events only: an operation by its
  // events; a decision, a join or a note when an operation after it ran; a `return` or `fail` when the
  // run ended that way. Two nodes may share an operation's name (`audit` in both arms of an `if`): a
  // node counts only when an edge into it was taken, so the other arm stays idle.
  applyStatuses() {
    const reached = this.pathTaken();
    for (const group of this.canvas.querySelectorAll("g.node[data-node]")) {
      const id = group.getAttribute("data-node");
      const operation = group.getAttribute("data-operation");
      const raw = operation && reached.has(id) ? this.statuses.get(operation) : null;
      let status = raw ? (raw === "waiting" ? "waiting" : STATUS_OF_EVENT[raw]) : "idle";
      if (!raw && reached.has(id) && this.statuses.size) status = "passed";
      group.setAttribute("data-status", status);
    }
  }

  pathTaken() {
    const byId = new Map(this.nodes.map((node) => [node.id, node]));
    const outgoing = new Map();
    for (const edge of this.edges) {
      if (!outgoing.has(edge.source)) outgoing.set(edge.source, []);
      outgoing.get(edge.source).push(edge);
    }
    const ran = (node) => node && node.operation && this.statuses.has(node.operation);
    // Whether an operation that ran lies ahead of a node, before the next operation on each path.
    const confirmed = (id, seen = new Set()) => {
      if (seen.has(id)) return false;
      seen.add(id);
      const node = byId.get(id);
      if (!node) return false;
      if (node.operation) return ran(node);
      if (node.kind === "return") return this.outcome?.status === "succeeded";
      if (node.kind === "fail") {
        // A `fail` a group handles leads on to its handler: it happened when the handler ran.
        return this.endedWith(node) || (outgoing.get(id) || []).some((edge) => confirmed(edge.target, seen));
      }
      return (outgoing.get(id) || []).some((edge) => edge.label !== "undo" && confirmed(edge.target, seen));
    };
    const reached = new Set(this.nodes.filter((node) => node.kind === "start").map((node) => node.id));
    const taken = (edge) => {
      if (!reached.has(edge.source)) return false;
      const source = byId.get(edge.source);
      if (edge.label === "undo") return true;
      if (!source || !source.operation) return confirmed(edge.target); // a decision or a join: what ran after it
      const status = this.statuses.get(source.operation);
      if (source.kind === "fork") return confirmed(edge.target);
      if (edge.label === "timeout") return status === "timed out";
      if (edge.label === "finally") return status === "succeeded";
      if (edge.label) return status === "failed";
      return status === "succeeded";
    };
    for (let pass = 0, grew = true; grew && pass <= this.nodes.length; pass += 1) {
      grew = false;
      for (const edge of this.edges) {
        if (reached.has(edge.target) || !taken(edge)) continue;
        const target = byId.get(edge.target);
        if (target && !target.operation && ["return", "fail"].includes(target.kind) && !confirmed(target.id)) continue;
        if (target && target.operation && !this.statuses.has(target.operation)) continue;
        reached.add(edge.target);
        grew = true;
      }
    }
    return reached;
  }

  // A `fail NAME` node is confirmed when the run failed with that error.
  endedWith(node) {
    const outcome = this.outcome;
    if (!outcome || outcome.status !== "failed" || !outcome.error_type) return false;
    const error = outcome.error_type.split(".").pop();
    const title = (node.title || "").replace(/^fail /, "");
    return title ? error === title : true;
  }
}
