// `dflow docs` pages drawn with a real CommonMark renderer (markdown-it). Raw HTML is never passed
// through (`html: false`): what the flow says is text on the page, whatever characters it holds.
import MarkdownIt from "markdown-it";

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });
const fence = renderer.renderer.rules.fence;

export function markdown(text, diagramSvg) {
  // The page's Mermaid block is the diagram already drawn on the page (Graphviz), not Mermaid's code.
  renderer.renderer.rules.fence = (tokens, index, options, env, self) => {
    if (tokens[index].info.trim() === "mermaid" && diagramSvg) return `<div class="docs-diagram">${diagramSvg}</div>`;
    return fence(tokens, index, options, env, self);
  };
  return renderer.render(text);
}
