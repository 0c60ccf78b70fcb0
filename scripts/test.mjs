#!/usr/bin/env node
// Runs every `*.test.ts` of the repository with Node's own test runner (through tsx),
// one process per file. Extra arguments are file or folder filters:
//   node scripts/test.mjs packages/sdk      runs only the SDK's tests.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const roots = ["packages", "examples", "test"];
const skipDirs = new Set(["node_modules", "dist", "data", ".git"]);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (skipDirs.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => walk(join(root, r), []))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p) || f.includes(p)))
  .sort();

if (files.length === 0) {
  console.error("no test files matched", filters);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    "--test-timeout=300000",
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
