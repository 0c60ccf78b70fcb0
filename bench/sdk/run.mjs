#!/usr/bin/env node
// All SDK benchmarks in one run, side by side: per-call time with the server in its own process
// and in the client's process, the SDK's own work per call (network taken out), browser bundle
// sizes, import cost. Prints Markdown tables for BENCHMARKS.md. Needs the SDK built:
// `npm run build -w packages/sdk`.
//   node bench/sdk/run.mjs            (ROUNDS, CALLS, RUNS tune the effort)
import os from "node:os";
import { measureBundles } from "./bundle-size.mjs";
import { measureImportCost } from "./import-cost.mjs";
import { measureOverhead } from "./overhead.mjs";
import { measurePerCall, OPERATIONS, PLACEMENTS } from "./per-call.mjs";

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const started = os.loadavg()[0];
const perCall = {};
for (const operation of Object.keys(OPERATIONS)) {
  for (const placement of Object.keys(PLACEMENTS)) perCall[`${operation}|${placement}`] = await measurePerCall(operation, placement);
}
const overhead = await measureOverhead();
const bundles = await measureBundles();
const imports = measureImportCost();

const contenders = Object.keys(Object.values(perCall)[0]);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${started.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`,
];
for (const operation of Object.keys(OPERATIONS)) {
  const own = perCall[`${operation}|own process`];
  const same = perCall[`${operation}|same process`];
  lines.push(
    "",
    `| \`${operation}\`, sequential calls to a local \`node:http\` server | server in its own process: µs / call | × raw fetch | server in the same process: µs / call | × raw fetch | CPU × raw fetch |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...contenders.map(
      (name) =>
        `| ${name} | ${own[name].usPerCall.toFixed(0)} | ${own[name].ratio.toFixed(2)} | ${same[name].usPerCall.toFixed(0)} | ${same[name].ratio.toFixed(2)} | ${same[name].cpuRatio.toFixed(2)} |`,
    ),
  );
}
lines.push(
  "",
  "| the SDK's own work per call, network taken out (canned response) | response + `JSON.parse` alone | through the SDK | SDK's share |",
  "| --- | ---: | ---: | ---: |",
  ...Object.entries(overhead).map(([name, r]) => `| \`${name}\` | ${r.baselineUs.toFixed(1)} µs | ${r.sdkUs.toFixed(1)} µs | +${r.overheadUs.toFixed(1)} µs |`),
  "",
  "| browser app calling only getAccessToken (esbuild, minified) | min | min + gzip |",
  "| --- | ---: | ---: |",
  ...Object.entries(bundles).map(([name, s]) => `| ${name} | ${kb(s.minified)} | ${kb(s.gzipped)} |`),
  "",
  `| \`import()\` in a fresh node process, over bare node (${imports["bare node"].ms.toFixed(1)} ms for an empty module) | + wall ms | + CPU ms | + RSS | + heap after GC |`,
  "| --- | ---: | ---: | ---: | ---: |",
  ...Object.entries(imports)
    .filter(([name]) => name !== "bare node")
    .map(([name, r]) => `| ${name} | ${r.overMs.toFixed(1)} | ${r.overCpuMs.toFixed(1)} | ${r.overMB.toFixed(1)} MB | ${r.overHeapMB.toFixed(2)} MB |`),
);
console.log(lines.join("\n"));
