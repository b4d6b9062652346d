// Highlighting for the .flow language: keywords, strings with {interpolation}, numbers, durations, comments.
import { StreamLanguage } from "@codemirror/language";
import { CONSTANTS, KEYWORDS, TYPES } from "./words.js";

export const flowLanguage = StreamLanguage.define({
  name: "flow",
  startState: () => ({ inString: false }),
  token(stream, state) {
    if (state.inString) {
      while (!stream.eol()) {
        const next = stream.next();
        if (next === "\\") { stream.next(); continue; }
        if (next === '"') { state.inString = false; break; }
      }
      return "string";
    }
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") { stream.skipToEnd(); return "comment"; }
    if (stream.peek() === '"') { stream.next(); state.inString = true; return "string"; }
    if (stream.match(/^-?\d+(\.\d+)?/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (KEYWORDS.has(word)) return "keyword";
      if (CONSTANTS.has(word)) return "atom";
      if (TYPES.has(word)) return "typeName";
      if (stream.peek() === "(") return "labelName"; // an action or a built-in call
      return "variableName";
    }
    if (stream.match(/^(==|!=|<=|>=|[-+*/%<>=|?])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
});
