// Inline Markdown for the host's data-type descriptions: **strong**, *emphasis* or
// _emphasis_, `code` and [links](https://…). Output is DOM nodes, so anything else stays
// literal text; links are limited to http(s) and open in a new tab.
import { h, type Child } from "./dom.js";

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|`(.+?)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function inlineMarkdown(source: string): Child[] {
  const nodes: Child[] = [];
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(source.slice(last, index));
    nodes.push(toNode(match));
    last = index + match[0].length;
  }
  if (last < source.length) nodes.push(source.slice(last));
  return nodes;
}

function toNode(match: RegExpMatchArray): Child {
  const [whole, strong, em, emUnderscore, code, linkText, href] = match;
  if (strong !== undefined) return h("strong", {}, inlineMarkdown(strong));
  if (em !== undefined || emUnderscore !== undefined) return h("em", {}, inlineMarkdown(em ?? emUnderscore ?? ""));
  if (code !== undefined) return h("code", {}, code);
  if (linkText !== undefined && href !== undefined && /^https?:\/\//i.test(href)) {
    return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, inlineMarkdown(linkText));
  }
  return whole;
}
