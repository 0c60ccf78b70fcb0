// Pulls the TypeScript code examples out of an official client package's own documentation:
// every ```typescript / ```ts fence of its markdown files (README.md, FUNCTIONS.md, USAGE.md,
// docs/**), with where it came from and which SDK calls it makes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface DocExample {
  /** `v6 README.md#retries:2`: generation, file, nearest heading, index under it. */
  id: string;
  /** The markdown file, relative to the package. */
  file: string;
  /** The nearest heading above the fence. */
  heading: string;
  /** Line of the opening fence, from 1. */
  line: number;
  code: string;
  /**
   * The SDK calls it makes: method paths on a client object (`companies.list`,
   * `connectionManagement.corsSettings.get`) and standalone functions imported from
   * `@codat/platform/funcs/...` (`funcs:companiesList`).
   */
  calls: string[];
  /** Bare module specifiers it imports (`@codat/platform/sdk/models/errors`, `undici`). */
  imports: string[];
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "src") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (/\.md$/i.test(name)) out.push(path);
  }
  return out.sort();
}

const FENCE_OPEN = /^\s*```\s*(typescript|ts)\s*$/i;
const FENCE_CLOSE = /^\s*```\s*$/;
const HEADING = /^#{1,6}\s+(.*?)\s*$/;

/** `const x = new CodatPlatform(...)` / `new CodatPlatformCore(...)`: the names of client objects. */
function clientNames(code: string): string[] {
  return [...code.matchAll(/\b(?:const|let|var)\s+(\w+)\s*=\s*new\s+CodatPlatform(?:Core)?\s*\(/g)].map((m) => m[1] as string);
}

/** The SDK calls of one example (see `DocExample.calls`). */
export function callsOf(code: string): string[] {
  const calls = new Set<string>();
  for (const client of clientNames(code)) {
    for (const m of code.matchAll(new RegExp(`\\b${client}((?:\\s*\\.\\s*\\w+)+)\\s*\\(`, "g"))) {
      calls.add((m[1] as string).replace(/\s+/g, "").slice(1));
    }
  }
  for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']@codat\/platform\/funcs\/(\w+)(?:\.js)?["']/g)) {
    for (const name of (m[1] as string).split(",").map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean)) calls.add(`funcs:${name}`);
  }
  return [...calls].sort();
}

function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"'.][^"']*)["']|import\s*["']([^"'.][^"']*)["']|require\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
    found.add((m[1] ?? m[2] ?? m[3]) as string);
  }
  return [...found].sort();
}

/** Every TypeScript example of the package at `packageDir`, tagged with `generation` (`v4`, `v6`). */
export function extractExamples(packageDir: string, generation: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const path of markdownFiles(packageDir)) {
    const file = relative(packageDir, path);
    const lines = readFileSync(path, "utf8").split(/\r?\n/);
    let heading = "";
    const perHeading = new Map<string, number>();
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      const h = HEADING.exec(text);
      if (h) heading = (h[1] as string).replace(/[~`]/g, "");
      if (!FENCE_OPEN.test(text)) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE_CLOSE.test(lines[i] as string); i++) body.push(lines[i] as string);
      const code = body.join("\n");
      const n = (perHeading.get(heading) ?? 0) + 1;
      perHeading.set(heading, n);
      examples.push({
        id: `${generation} ${file}#${heading || "(top)"}${n > 1 ? `:${n}` : ""}`,
        file,
        heading,
        line: start + 1,
        code,
        calls: callsOf(code),
        imports: importsOf(code),
      });
    }
  }
  return examples;
}
