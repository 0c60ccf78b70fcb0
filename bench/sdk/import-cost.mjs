#!/usr/bin/env node
// Import cost over bare node: in a fresh process each time, the time the `import()` takes (timed
// inside the process, so that process start-up noise stays out) and the resident memory it adds
// over a process that imports nothing; medians of several runs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const RUNS = Number(process.env.RUNS ?? 15);

export const subjects = {
  "bare node": "",
  "valibot alone": `await import("valibot");`,
  "ours (@codat/platform)": `await import("@codat/platform");`,
  "reference 4.0.0": `await import("@codat/platform-v4");`,
};

function once(code) {
  const script = `const t0 = performance.now(); ${code} const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss }));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  const { ms, rss } = JSON.parse(out.stdout);
  return { ms, rssMB: rss / 2 ** 20 };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** { name: { ms, rssMB, overMs, overMB } }: medians, and the difference from bare node. */
export function measureImportCost() {
  const runs = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [name, code] of Object.entries(subjects)) runs[name].push(once(code));
  const result = {};
  for (const [name, list] of Object.entries(runs)) {
    result[name] = { ms: median(list.map((r) => r.ms)), rssMB: median(list.map((r) => r.rssMB)) };
  }
  const bare = result["bare node"];
  for (const r of Object.values(result)) Object.assign(r, { overMs: r.ms - bare.ms, overMB: r.rssMB - bare.rssMB });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(measureImportCost())) {
    console.log(`${name.padEnd(24)} ${r.ms.toFixed(1).padStart(6)} ms  +${r.overMs.toFixed(1)} ms  +${r.overMB.toFixed(1)} MB`);
  }
}
