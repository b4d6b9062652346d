// Enough Markdown for `dflow docs` pages: headings, paragraphs, lists, tables, quotes, code.
// Text is escaped first; the page never holds HTML from the flow.
const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const inline = (text) => escape(text)
  .replace(/`([^`]+)`/g, "<code>$1</code>")
  .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
  .replace(/(^|\W)_([^_]+)_(?=\W|$)/g, "$1<em>$2</em>");

export function markdown(text, diagramSvg) {
  const lines = text.split("\n");
  const html = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line.startsWith("```")) {
      const language = line.slice(3).trim();
      const code = [];
      index += 1;
      while (index < lines.length && !lines[index].startsWith("```")) code.push(lines[index++]);
      index += 1;
      html.push(language === "mermaid" && diagramSvg ? `<div class="docs-diagram">${diagramSvg}</div>` : `<pre>${escape(code.join("\n"))}</pre>`);
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) { html.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`); index += 1; continue; }
    if (line.startsWith("|")) {
      const rows = [];
      while (index < lines.length && lines[index].startsWith("|")) rows.push(lines[index++]);
      const cells = (row) => row.replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim());
      const body = rows.filter((row, i) => i !== 1 || !/^\|[\s:|-]+\|$/.test(row));
      const headed = cells(body[0]).some((cell) => cell); // `| | |` heads a table of plain rows
      const shown = headed ? body : body.slice(1);
      html.push("<table>" + shown.map((row, i) => `<tr>${cells(row).map((cell) => headed && i === 0 ? `<th>${inline(cell)}</th>` : `<td>${inline(cell)}</td>`).join("")}</tr>`).join("") + "</table>");
      continue;
    }
    if (/^\s*([-*]|\d+\.) /.test(line)) {
      const items = [];
      while (index < lines.length && /^\s*([-*]|\d+\.) /.test(lines[index])) {
        const depth = lines[index].match(/^\s*/)[0].length;
        items.push(`<li style="margin-left:${depth}ch">${inline(lines[index].replace(/^\s*([-*]|\d+\.) /, ""))}</li>`);
        index += 1;
      }
      html.push(`<ul>${items.join("")}</ul>`);
      continue;
    }
    if (line.startsWith(">")) { html.push(`<blockquote>${inline(line.replace(/^>\s?/, ""))}</blockquote>`); index += 1; continue; }
    if (!line.trim()) { index += 1; continue; }
    const paragraph = [];
    while (index < lines.length && lines[index].trim() && !/^(#|```|\||>|\s*([-*]|\d+\.) )/.test(lines[index])) paragraph.push(lines[index++]);
    html.push(`<p>${inline(paragraph.join(" "))}</p>`);
  }
  return html.join("\n");
}
