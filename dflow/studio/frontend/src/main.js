// dflow studio: the page. One flow open at a time: the editor with dflow check's diagnostics as you
// type, the diagram beside it, and tabs to run it, run its scenarios, see deployed executions and docs.
import { basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { flowLanguage } from "./flowlang.js";
import { assist } from "./assist.js";
import { get, post, put } from "./api.js";
import { Diagram } from "./diagram.js";
import { InputForm } from "./form.js";
import { RunPanel } from "./run.js";
import { ScenariosPanel } from "./scenarios.js";
import { ExecutionsPanel } from "./executions.js";
import { markdown } from "./markdown.js";

const ANALYSE_PAUSE_MS = 15; // long enough to merge a burst of keys, short enough to feel instant
const $ = (id) => document.getElementById(id);

class Studio {
  constructor() {
    this.el = {
      files: $("files"), editor: $("editor"), diagnostics: $("diagnostics"), diagram: $("diagram"),
      timeline: $("timeline"), save: $("save"), status: $("status"), title: $("title"), docs: $("docs"),
    };
    this.path = null;
    this.version = null;
    this.savedText = "";
    this.sequence = 0;
    this.timer = null;
    this.analysed = null;
    this.view = new EditorView({
      parent: this.el.editor,
      state: this.state(""),
    });
    this.diagram = new Diagram(this.el.diagram, (span) => this.goTo(span));
    this.form = new InputForm($("input-form"), $("input-json"));
    this.runs = new RunPanel({
      runButton: $("run"), timeline: this.el.timeline, callbackBox: $("callback"), callbackName: $("callback-name"),
      answer: $("callback-answer"), send: $("callback-send"), fail: $("callback-fail"), timeout: $("callback-timeout"),
      result: $("result"), resultStatus: $("result-status"), resultText: $("result-text"),
      saveBox: $("save-run"), scenarioName: $("scenario-name"), saveScenario: $("scenario-save"), saveMessage: $("save-message"),
    }, this);
    this.scenarios = new ScenariosPanel({ list: $("scenario-list"), runAll: $("scenarios-run-all"), file: $("scenario-file") }, this);
    this.executions = new ExecutionsPanel({
      list: $("executions-form"), function: $("execution-function"), endpoint: $("execution-endpoint"),
      region: $("execution-region"), table: $("execution-list"), message: $("execution-message"),
    }, this);
    this.el.save.addEventListener("click", () => this.save());
    for (const tab of document.querySelectorAll("[data-tab]")) tab.addEventListener("click", () => this.showTab(tab.dataset.tab));
    window.addEventListener("beforeunload", (event) => { if (this.dirty()) event.preventDefault(); });
  }

  state(text) {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup, flowLanguage, lintGutter(), EditorView.lineWrapping, assist(this),
        keymap.of([
          { key: "Mod-s", preventDefault: true, run: () => { this.save(); return true; } },
          { key: "F12", preventDefault: true, run: (view) => this.goToDefinition(view.state.selection.main.head) },
        ]),
        EditorView.domEventHandlers({
          mousedown: (event, view) => {
            if (!(event.ctrlKey || event.metaKey)) return false;
            const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
            return at !== null && this.goToDefinition(at);
          },
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) { this.schedule(); this.showDirty(); }
          if (update.selectionSet || update.docChanged) {
            this.diagram.highlight(update.state.doc.lineAt(update.state.selection.main.head).number);
          }
        }),
      ],
    });
  }

  text() { return this.view.state.doc.toString(); }
  dirty() { return this.path !== null && this.text() !== this.savedText; }

  async loadFiles() {
    const { root, flows } = await get("/api/files");
    this.el.title.textContent = root;
    this.el.files.replaceChildren();
    for (const path of flows) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.textContent = path;
      button.dataset.path = path;
      button.addEventListener("click", () => this.open(path));
      item.append(button);
      this.el.files.append(item);
    }
    const wanted = new URLSearchParams(location.hash.slice(1)).get("flow");
    if (flows.length) this.open(flows.includes(wanted) ? wanted : flows[0]);
    else this.setStatus("No flows here: create a .flow file in the folder the studio serves.");
  }

  async open(path) {
    if (this.dirty() && !confirm(`Leave ${this.path} without saving?`)) return;
    const file = await get(`/api/file?path=${encodeURIComponent(path)}`);
    this.path = path;
    this.version = file.version;
    this.savedText = file.text;
    this.view.setState(this.state(file.text));
    history.replaceState(null, "", `#flow=${encodeURIComponent(path)}`);
    for (const button of this.el.files.querySelectorAll("button")) button.classList.toggle("open", button.dataset.path === path);
    this.showDirty();
    this.analyse();
    this.scenarios.load();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.analyse(), ANALYSE_PAUSE_MS);
  }

  async analyse() {
    const sequence = ++this.sequence;
    const started = performance.now();
    const text = this.text();
    const result = await post("/api/analyse", { path: this.path, text });
    if (sequence !== this.sequence) return; // a newer keystroke's answer is on its way
    this.showDiagnostics(result);
    if (result.dot) await this.diagram.draw(result.dot, result.nodes, result.edges);
    this.el.diagram.classList.toggle("stale", !result.dot);
    // While the text does not parse, the form and the callbacks stay as the last flow that did.
    if (result.name !== null) {
      this.analysed = result;
      this.form.update(result.inputs);
    }
    document.dispatchEvent(new CustomEvent("studio:analysed", { detail: { sequence, started, finished: performance.now() } }));
  }

  showDiagnostics(result) {
    const doc = this.view.state.doc;
    const position = (line, column) => {
      const safeLine = Math.min(Math.max(line, 1), doc.lines);
      const at = doc.line(safeLine);
      return Math.min(at.from + Math.max(column, 1) - 1, at.to);
    };
    const marks = [];
    this.el.diagnostics.replaceChildren();
    for (const diagnostic of result.diagnostics) {
      const span = diagnostic.span || { line: 1, column: 1, end_line: 1, end_column: 1 };
      const from = position(span.line, span.column);
      const to = Math.max(from, position(span.end_line, span.end_column));
      const fix = diagnostic.fix;
      // A fix names the text it replaces (an indentation inserts at the line's start); else the diagnostic's.
      const fixFrom = fix && fix.span ? position(fix.span.line, fix.span.column) : from;
      const fixTo = fix && fix.span ? Math.max(fixFrom, position(fix.span.end_line, fix.span.end_column)) : to;
      marks.push({
        from, to, severity: diagnostic.severity, source: diagnostic.code,
        message: diagnostic.message + (diagnostic.hint ? `\nhelp: ${diagnostic.hint}` : ""),
        actions: fix ? [{ name: fix.label, apply: (view) => view.dispatch({ changes: { from: fixFrom, to: fixTo, insert: fix.insert } }) }] : [],
      });
      this.el.diagnostics.append(this.problemRow(diagnostic, fixFrom, fixTo));
    }
    this.view.dispatch(setDiagnostics(this.view.state, marks));
    const errors = result.errors;
    const warnings = result.diagnostics.length - errors;
    this.setStatus(errors || warnings ? `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}` : "No problems");
    this.el.status.dataset.errors = String(errors);
  }

  problemRow(diagnostic, from, to) {
    const row = document.createElement("li");
    row.className = diagnostic.severity;
    row.dataset.code = diagnostic.code;
    const where = diagnostic.span ? `${diagnostic.span.line}:${diagnostic.span.column}` : "";
    const head = document.createElement("div");
    head.innerHTML = `<span class="code"></span> <span class="where"></span> <span class="message"></span>`;
    head.querySelector(".code").textContent = diagnostic.code;
    head.querySelector(".where").textContent = where;
    head.querySelector(".message").textContent = diagnostic.message;
    row.append(head);
    if (diagnostic.hint) {
      const hint = document.createElement("div");
      hint.className = "hint";
      hint.textContent = `help: ${diagnostic.hint}`;
      row.append(hint);
    }
    if (diagnostic.fix) {
      const button = document.createElement("button");
      button.className = "fix";
      button.dataset.testid = "fix";
      button.textContent = diagnostic.fix.label;
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        this.view.dispatch({ changes: { from, to, insert: diagnostic.fix.insert } });
        this.view.focus();
      });
      row.append(button);
    }
    row.addEventListener("click", () => this.goTo(diagnostic.span));
    return row;
  }

  // Ctrl-click or F12 on a name: the cursor goes to where it is defined (the server's resolved view).
  goToDefinition(position) {
    const doc = this.view.state.doc;
    const line = doc.lineAt(position);
    const column = position - line.from + 1;
    const found = ((this.analysed && this.analysed.references) || []).find((reference) =>
      reference.span.line === line.number && reference.span.column <= column && column < reference.span.end_column);
    if (!found) return false;
    this.goTo(found.definition);
    return true;
  }

  goTo(span) {
    if (!span) return;
    const doc = this.view.state.doc;
    const line = doc.line(Math.min(Math.max(span.line, 1), doc.lines));
    const anchor = Math.min(line.from + span.column - 1, line.to);
    this.view.dispatch({ selection: { anchor }, scrollIntoView: true });
    this.view.focus();
  }

  async save() {
    if (!this.path) return;
    const text = this.text();
    try {
      const { version } = await put("/api/file", { path: this.path, text, version: this.version });
      this.version = version;
      this.savedText = text;
      this.showDirty();
      this.setStatus(`Saved ${this.path}`);
    } catch (error) {
      if (error.status === 409) {
        this.setStatus(error.message);
        if (confirm(`${error.message}\n\nReload ${this.path} from disk? Your edits here will be lost.`)) {
          this.savedText = text; // allow leaving
          this.open(this.path);
        }
      } else this.setStatus(error.message);
    }
  }

  showDirty() {
    this.el.save.disabled = !this.dirty();
    this.el.save.textContent = this.dirty() ? "Save" : "Saved";
  }

  setStatus(text) { this.el.status.textContent = text; }

  async showTab(name) {
    for (const tab of document.querySelectorAll("[data-tab]")) tab.classList.toggle("active", tab.dataset.tab === name);
    for (const panel of document.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== name;
    if (name === "docs") {
      try {
        const { markdown: page } = await post("/api/docs", { path: this.path, text: this.text() });
        const svg = this.el.diagram.querySelector("svg")?.cloneNode(true);
        if (svg) {
          svg.removeAttribute("data-testid");
          for (const node of svg.querySelectorAll("[data-status]")) node.setAttribute("data-status", "idle");
          for (const node of svg.querySelectorAll(".current")) node.classList.remove("current");
        }
        this.el.docs.innerHTML = markdown(page, svg ? svg.outerHTML : null);
      } catch (error) {
        this.el.docs.textContent = error.message;
      }
    }
  }
}

const studio = new Studio();
window.studio = studio;
studio.loadFiles();
