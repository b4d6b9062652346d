// Hover and completion in the editor, from the server's analysis: the same functions `dflow lsp` serves
// (dflow.editor), so analysts see the explanations developers see. Positions travel as dflow's: lines and
// columns from 1, counted in characters (a JavaScript string counts UTF-16 units: converted here).
import { EditorState } from "@codemirror/state";
import { hoverTooltip } from "@codemirror/view";
import { post } from "./api.js";
import { markdown } from "./markdown.js";

// The line and column (from 1, in characters) of a position in the document.
function where(state, position) {
  const line = state.doc.lineAt(position);
  return { line: line.number, column: Array.from(line.text.slice(0, position - line.from)).length + 1 };
}

// The position of a column (from 1, in characters) on a line.
function positionOf(state, lineNumber, column) {
  const line = state.doc.line(Math.min(Math.max(lineNumber, 1), state.doc.lines));
  return line.from + Array.from(line.text).slice(0, column - 1).join("").length;
}

export function assist(studio) {
  const ask = (path, state, position) =>
    post(path, { path: studio.path, text: state.doc.toString(), ...where(state, position) });

  const hover = hoverTooltip(async (view, position) => {
    let found;
    try { ({ hover: found } = await ask("/api/hover", view.state, position)); } catch { return null; }
    if (!found) return null;
    return {
      pos: positionOf(view.state, found.span.line, found.span.column),
      end: positionOf(view.state, found.span.end_line, found.span.end_column),
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "hover-card";
        dom.dataset.testid = "hover";
        dom.innerHTML = markdown(found.markdown); // markdown-it with html: false: the flow's text stays text
        return { dom };
      },
    };
  }, { hoverTime: 250 });

  async function complete(context) {
    const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    if (!context.explicit && !word && !/[.\s]$/.test(context.state.sliceDoc(Math.max(context.pos - 1, 0), context.pos))) {
      return null;
    }
    let items;
    try { ({ items } = await ask("/api/complete", context.state, context.pos)); } catch { return null; }
    return {
      from: word ? word.from : context.pos,
      options: items.map((item) => ({ label: item.label, detail: item.detail || undefined, apply: item.insert, type: item.kind })),
      validFor: /^[A-Za-z0-9_]*$/,
    };
  }

  return [hover, EditorState.languageData.of(() => [{ autocomplete: complete }])];
}
