#!/usr/bin/env node
// The server's layering rule, checked on every `npm run lint` (docs/architecture.md):
//
//   entry points (main.ts, cluster.ts, admin.ts and its commands in admin/)
//   http/       routes, plugins, pages: parse, call, map. Nothing but main.ts imports it.
//   services/   every write: its transaction, rules, outbox event, cache invalidation.
//               Only http/ and the entry points import it.
//   domain      tokens/, webhooks/, connections/, events/, catalogue/, cache/, rate-limits/, ...
//   storage/    the only place with SQL that differs by engine. Imports only storage/ and lib/.
//   lib/        generic helpers. Imports nothing of the project.
//
// Also: no file of http/ opens a transaction, records an outbox event or forgets a cache entry
// (the services do). Prints each violation as file:line and exits 1 when there is one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = path.join(root, "packages", "server", "src");
const ENTRY_POINTS = new Set(["main.ts", "cluster.ts", "admin.ts", "admin"]);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file, out);
    else if (name.endsWith(".ts")) out.push(file);
  }
  return out;
}

/** The top folder of a source file under src/ ("http", "storage", ...), or the file name. */
const areaOf = (file) => path.relative(src, file).split(path.sep)[0];

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** Code that differs by engine, which belongs in storage/. */
const ENGINE_SPECIFIC = [
  [/\bDialectName\b/, "names an engine (DialectName)"],
  [/\.forUpdate\(|\.skipLocked\(|\.forShare\(|\.noWait\(/, "uses a row-lock clause (storage/dialect.ts has them by meaning)"],
  [/pg_advisory|pg_catalog|PRAGMA\b|\bpragma\(/i, "uses engine-specific SQL"],
  [/===?\s*["'](postgres|sqlite)["']|["'](postgres|sqlite)["']\s*===?/, "branches on the engine"],
];

/** What http/ leaves to the services. */
const SERVICE_ONLY = [
  [/\.transaction\(\)/, "opens a transaction (services own writes)"],
  [/\brecord(Connection)?Event\(/, "records an outbox event (services own writes)"],
  [/\.forget[A-Z]\w*\(/, "forgets a cache entry (services invalidate what they change)"],
];

const lineOf = (text, index) => text.slice(0, index).split("\n").length;
const problems = [];

for (const file of walk(src)) {
  const text = readFileSync(file, "utf8");
  const area = areaOf(file);
  const where = (index) => `${path.relative(root, file)}:${lineOf(text, index)}`;
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    const target = path.resolve(path.dirname(file), spec);
    if (!target.startsWith(src)) continue;
    const to = areaOf(target);
    if (to === "http" && area !== "http" && area !== "main.ts") problems.push(`${where(match.index)}: imports http/ (${spec}); only http/ and main.ts may`);
    if (to === "services" && area !== "http" && area !== "services" && !ENTRY_POINTS.has(area)) {
      problems.push(`${where(match.index)}: imports services/ (${spec}); only http/ and the entry points may`);
    }
    if (area === "storage" && to !== "storage" && to !== "lib") problems.push(`${where(match.index)}: storage/ imports ${spec}; it may import only storage/ and lib/`);
    if (area === "lib" && to !== "lib") problems.push(`${where(match.index)}: lib/ imports ${spec}; it imports nothing of the project`);
  }
  if (area !== "storage") {
    for (const [pattern, what] of ENGINE_SPECIFIC) {
      const found = pattern.exec(text);
      if (found) problems.push(`${where(found.index)}: ${what}; engine differences live in storage/`);
    }
  }
  if (area === "http") {
    for (const [pattern, what] of SERVICE_ONLY) {
      const found = pattern.exec(text);
      if (found) problems.push(`${where(found.index)}: ${what}`);
    }
  }
}

if (problems.length > 0) {
  console.error(`layering: ${problems.length} violation(s) of the rule in docs/architecture.md`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log("layering: http/ → services/ → domain → storage/ → lib/ holds");
