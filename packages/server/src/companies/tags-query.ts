// The `tags` parameter of `GET /companies`, in Codat's query language
// (https://docs.codat.io/using-the-api/querying), reduced to what tags support:
//
//   query      = or
//   or         = and ("||" and)*
//   and        = operand ("&&" operand)*
//   operand    = "{" or "}" | comparison
//   comparison = name ("=" | "!=" | "~") value      e.g. region=uk, team != sales, name~fin
//
// Curly braces group, as the documentation says to combine AND with OR
// ("{a=1 || a=2} && b=3"); without them "&&" binds tighter than "||", as in the `query`
// parameter and most languages. Spaces around names, operators and values are ignored; a value
// runs to the next "&&", "||", "{" or "}" and may be empty. Only this module knows the syntax:
// it returns the storage layer's `TagFilter`, which becomes SQL there.
import type { TagComparison, TagFilter } from "../storage/repositories/company-tags.js";

/** A tags query that cannot be parsed; its message says what is wrong and where. */
export class TagsQueryError extends Error {
  override name = "TagsQueryError";
  constructor(problem: string) {
    super(`Error parsing tags - ${problem}`);
  }
}

/** Bounds that keep one request's SQL small: comparisons in all, and braces inside braces. */
export const MAX_COMPARISONS = 50;
export const MAX_NESTING = 8;

type Token = { kind: "{" | "}" | "&&" | "||"; at: number } | { kind: "text"; text: string; at: number };

const STRUCTURE = /\{|\}|&&|\|\|/g;

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const text = (end: number) => {
    const chunk = query.slice(last, end);
    if (chunk.trim() !== "") tokens.push({ kind: "text", text: chunk, at: last });
  };
  for (const match of query.matchAll(STRUCTURE)) {
    text(match.index);
    tokens.push({ kind: match[0] as "{" | "}" | "&&" | "||", at: match.index });
    last = match.index + match[0].length;
  }
  text(query.length);
  return tokens;
}

/** The leftmost operator of a comparison: `!=` before `=` where they overlap. */
function comparisonOf(text: string): TagComparison {
  const source = text.trim();
  const found = /!=|=|~/.exec(source);
  if (!found) {
    const hint = /[<>]/.test(source) ? "only =, != and ~ compare tags" : "expected a comparison such as region=uk, region!=uk or region~uk";
    throw new TagsQueryError(`${hint}, got "${source}"`);
  }
  const name = source.slice(0, found.index).trim();
  const value = source.slice(found.index + found[0].length).trim();
  if (name === "") throw new TagsQueryError(`a tag name must come before "${found[0]}" in "${source}"`);
  if (/[<>!]$/.test(name)) throw new TagsQueryError(`only =, != and ~ compare tags, got "${source}"`);
  return { name, operator: found[0] as TagComparison["operator"], value };
}

class Parser {
  private position = 0;
  private comparisons = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): TagFilter {
    if (this.tokens.length === 0) throw new TagsQueryError("the query is empty");
    const filter = this.or(0);
    const extra = this.tokens[this.position];
    if (extra) throw new TagsQueryError(`unexpected "${extra.kind === "text" ? extra.text.trim() : extra.kind}" at position ${extra.at + 1}`);
    return filter;
  }

  private or(depth: number): TagFilter {
    const operands = [this.and(depth)];
    while (this.tokens[this.position]?.kind === "||") {
      this.position++;
      operands.push(this.and(depth));
    }
    return operands.length === 1 ? operands[0]! : { any: operands };
  }

  private and(depth: number): TagFilter {
    const operands = [this.operand(depth)];
    while (this.tokens[this.position]?.kind === "&&") {
      this.position++;
      operands.push(this.operand(depth));
    }
    return operands.length === 1 ? operands[0]! : { all: operands };
  }

  private operand(depth: number): TagFilter {
    const token = this.tokens[this.position++];
    if (!token) throw new TagsQueryError("the query ends where a comparison or \"{\" was expected");
    if (token.kind === "{") {
      if (depth >= MAX_NESTING) throw new TagsQueryError(`braces may nest at most ${MAX_NESTING} deep`);
      const inner = this.or(depth + 1);
      const closing = this.tokens[this.position++];
      if (closing?.kind !== "}") throw new TagsQueryError(`the "{" at position ${token.at + 1} is never closed`);
      return inner;
    }
    if (token.kind !== "text") throw new TagsQueryError(`expected a comparison or "{" at position ${token.at + 1}, got "${token.kind}"`);
    if (++this.comparisons > MAX_COMPARISONS) throw new TagsQueryError(`at most ${MAX_COMPARISONS} comparisons are allowed`);
    return { comparison: comparisonOf(token.text) };
  }
}

/** Parses a `tags` query; throws `TagsQueryError` with a message fit for the 400 answer. */
export function parseTagsQuery(query: string): TagFilter {
  return new Parser(tokenize(query)).parse();
}
