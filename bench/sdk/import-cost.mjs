#!/usr/bin/env node
// Import cost over bare node: in a fresh process each time, the time the `import()` takes (timed
// inside the process, so that process start-up noise stays out) and the resident memory it adds;
// medians of several runs. The baseline, "bare node", imports an empty module: a process's first
// `import()` costs Node 10-15 ms of loader start-up whatever it loads, which every ES-module
// application pays anyway and which is not the package's cost.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const RUNS = Number(process.env.RUNS ?? 15);

// SDK_MODULE: another build of ours to measure instead (its dist/esm/index.js), as in per-call.mjs.
const ours = JSON.stringify(process.env.SDK_MODULE ?? "@codat/platform");

export const subjects = {
  "bare node": `await import("data:text/javascript,export default 1");`,
  "valibot alone": `await import("valibot");`,
  "ours (@codat/platform)": `await import(${ours});`,
  "reference 4.0.0": `await import("@codat/platform-v4");`,
};

function once(code) {
  const script = `const t0 = performance.now(); const c0 = process.cpuUsage(); ${code}
    const ms = performance.now() - t0; const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, rss: process.memoryUsage().rss }));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  const { ms, cpuMs, rss } = JSON.parse(out.stdout);
  return { ms, cpuMs, rssMB: rss / 2 ** 20 };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * { name: { ms, cpuMs, rssMB, overMs, overMB } }: medians, and the difference from bare node.
 * `ms` is wall time; `cpuMs` the CPU time the import used, which other processes competing for
 * the cores inflate much less.
 */
export function measureImportCost() {
  const runs = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) for (const [name, code] of Object.entries(subjects)) runs[name].push(once(code));
  const result = {};
  for (const [name, list] of Object.entries(runs)) {
    result[name] = {
      ms: median(list.map((r) => r.ms)),
      cpuMs: median(list.map((r) => r.cpuMs)),
      rssMB: median(list.map((r) => r.rssMB)),
    };
  }
  const bare = result["bare node"];
  for (const r of Object.values(result)) {
    Object.assign(r, { overMs: r.ms - bare.ms, overCpuMs: r.cpuMs - bare.cpuMs, overMB: r.rssMB - bare.rssMB });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(measureImportCost())) {
    console.log(`${name.padEnd(24)} +${r.overMs.toFixed(1)} ms wall  +${r.overCpuMs.toFixed(1)} ms CPU  +${r.overMB.toFixed(1)} MB`);
  }
}
