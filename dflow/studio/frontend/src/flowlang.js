// Highlighting for the .flow language: keywords, strings with {interpolation}, numbers, durations, comments.
import { StreamLanguage } from "@codemirror/language";

const KEYWORDS = new Set([
  "flow", "description", "timeout", "retention", "actions", "as", "retry", "runtime", "memory", "invocation",
  "input", "step", "wait", "for", "until", "invoke", "with", "poll", "every", "max", "times", "if", "else",
  "elif", "parallel", "branch", "each", "in", "set", "log", "return", "fail", "on", "undo", "heartbeat",
  "at", "most", "once", "backoff", "delay", "jitter", "concurrency", "tolerate", "failures", "complete",
  "after", "successes", "group", "finally", "repeat", "while", "failure", "then", "not", "and", "or", "is",
  "list", "of", "days", "day", "hours", "hour", "minutes", "minute", "seconds", "second", "weeks", "week", "MB",
]);
const CONSTANTS = new Set(["true", "false", "null"]);
const TYPES = new Set(["string", "integer", "number", "boolean", "map", "any", "timestamp"]);

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
