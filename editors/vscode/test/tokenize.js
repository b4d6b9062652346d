// Tokenize files with the extension's TextMate grammar, as VS Code does (vscode-textmate and
// its Oniguruma), offline. Prints one JSON line per token: {file, line, text, scopes}.
// Run by tests/test_vscode_extension.py; by hand: node test/tokenize.js FILE...
"use strict";

const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.resolve(__dirname, "..");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));

async function main(files) {
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.flow") return null;
      const file = path.join(root, "syntaxes", "flow.tmLanguage.json");
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  const grammar = await registry.loadGrammar("source.flow");
  for (const file of files) {
    let state = textmate.INITIAL;
    fs.readFileSync(file, "utf8").split("\n").forEach((text, index) => {
      const result = grammar.tokenizeLine(text, state);
      for (const token of result.tokens) {
        const piece = text.slice(token.startIndex, token.endIndex);
        if (piece.trim()) {
          process.stdout.write(JSON.stringify({ file, line: index + 1, text: piece, scopes: token.scopes }) + "\n");
        }
      }
      state = result.ruleStack;
    });
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
