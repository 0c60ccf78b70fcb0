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

// Memory two ways. RSS is what the process holds, but it moves in steps: where an allocation
// crosses one of the allocator's or the heap's thresholds, a few hundred bytes more (a longer
// package.json, say) can add most of a megabyte. The heap the import leaves behind, measured
// after a full collection, is what the package itself keeps: its modules, classes and schemas.
// That one is measured in a process of its own: `--expose-gc` slows every import down.
function run(script, flags = []) {
  const out = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

function once(code) {
  const { ms, cpuMs, rss } = run(`const t0 = performance.now(); const c0 = process.cpuUsage(); ${code}
    const ms = performance.now() - t0; const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000, rss: process.memoryUsage().rss }));`);
  const { heap } = run(`${code} globalThis.gc(); process.stdout.write(JSON.stringify({ heap: process.memoryUsage().heapUsed }));`, ["--expose-gc"]);
  return { ms, cpuMs, rssMB: rss / 2 ** 20, heapMB: heap / 2 ** 20 };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * { name: { ms, cpuMs, rssMB, heapMB, overMs, overCpuMs, overMB, overHeapMB } }: medians, and the
 * differences from bare node.
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
      heapMB: median(list.map((r) => r.heapMB)),
    };
  }
  const bare = result["bare node"];
  for (const r of Object.values(result)) {
    Object.assign(r, { overMs: r.ms - bare.ms, overCpuMs: r.cpuMs - bare.cpuMs, overMB: r.rssMB - bare.rssMB, overHeapMB: r.heapMB - bare.heapMB });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(measureImportCost())) {
    console.log(`${name.padEnd(24)} +${r.overMs.toFixed(1)} ms wall  +${r.overCpuMs.toFixed(1)} ms CPU  +${r.overMB.toFixed(1)} MB RSS  +${r.overHeapMB.toFixed(2)} MB heap`);
  }
}
