#!/usr/bin/env node
// Runs every `*.test.ts` of the repository with Node's own test runner (through tsx),
// one process per file. Extra arguments are file or folder filters:
//   node scripts/test.mjs packages/sdk      runs only the SDK's tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
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

// Tests that cannot run here (no PostgreSQL, no Redis) append why to this file; the reasons are
// repeated at the end, where nobody scrolls past them.
const skipsFile = join(mkdtempSync(join(tmpdir(), "platform-test-")), "skips.log");
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
  { cwd: root, stdio: "inherit", env: { ...process.env, PLATFORM_TEST_SKIPS: skipsFile } },
);
reportSkips(skipsFile);
process.exit(result.status ?? 1);

function reportSkips(file) {
  const lines = existsSync(file) ? [...new Set(readFileSync(file, "utf8").split("\n").filter(Boolean))] : [];
  rmSync(dirname(file), { recursive: true, force: true });
  if (lines.length === 0) return;
  const postgres = lines.some((line) => line.includes("PostgreSQL"));
  const bar = "!".repeat(78);
  console.warn(`\n${bar}`);
  if (postgres) {
    console.warn("!! THE POSTGRESQL HALF OF THE SUITE WAS SKIPPED: only SQLite was tested.");
    console.warn("!! Enable it with a running local PostgreSQL (127.0.0.1:5432, user postgres) or");
    console.warn("!! TEST_DATABASE_URL=postgres://user@host:5432/postgres (a role that may create databases).");
  }
  console.warn(`!! ${lines.length} kind(s) of test skipped on this machine:`);
  for (const line of lines) console.warn(`!!   ${line}`);
  console.warn(`${bar}\n`);
}
