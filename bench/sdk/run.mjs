#!/usr/bin/env node
// All SDK benchmarks in one run, side by side: per-call time, browser bundle sizes, import cost.
// Prints a Markdown table for BENCHMARKS.md. Needs the SDK built: `npm run build -w packages/sdk`.
//   node bench/sdk/run.mjs            (ROUNDS, CALLS, RUNS tune the effort)
import os from "node:os";
import { measureBundles } from "./bundle-size.mjs";
import { measureImportCost } from "./import-cost.mjs";
import { measurePerCall } from "./per-call.mjs";

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const perCall = await measurePerCall();
const bundles = await measureBundles();
const imports = measureImportCost();

const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}.`,
  "",
  "| getAccessToken, sequential calls to a local `node:http` server | µs / call | × raw fetch |",
  "| --- | ---: | ---: |",
  ...Object.entries(perCall).map(([name, r]) => `| ${name} | ${r.usPerCall.toFixed(0)} | ${r.ratio.toFixed(2)} |`),
  "",
  "| browser app calling only getAccessToken (esbuild, minified) | min | min + gzip |",
  "| --- | ---: | ---: |",
  ...Object.entries(bundles).map(([name, s]) => `| ${name} | ${kb(s.minified)} | ${kb(s.gzipped)} |`),
  "",
  `| \`import()\` in a fresh node process, over bare node (${imports["bare node"].ms.toFixed(1)} ms for an empty module) | + wall ms | + CPU ms | + RSS |`,
  "| --- | ---: | ---: | ---: |",
  ...Object.entries(imports)
    .filter(([name]) => name !== "bare node")
    .map(([name, r]) => `| ${name} | ${r.overMs.toFixed(1)} | ${r.overCpuMs.toFixed(1)} | ${r.overMB.toFixed(1)} MB |`),
];
console.log(lines.join("\n"));
