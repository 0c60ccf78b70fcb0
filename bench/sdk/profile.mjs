#!/usr/bin/env node
// Where our SDK's time goes on its request path: CPU-profiles (`node --cpu-prof`) a process that
// makes sequential calls through the SDK to the canned server in the same process, then prints
// the self time by area (our code, valibot, undici / fetch, node:http, the rest) and the
// hottest functions of our bundle.
//   node bench/sdk/profile.mjs [operation] [calls]      operation: getAccessToken | companies.get
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [operation = "companies.get", calls = "20000"] = process.argv.slice(2);

if (process.env.PROFILE_CHILD) {
  // The profiled process: warm up, then the calls the profile is about.
  const { CodatPlatform } = await import("@codat/platform");
  const { startCannedServer } = await import("./canned-server.mjs");
  const { OPERATIONS } = await import("./per-call.mjs");
  const server = await startCannedServer();
  const sdk = new CodatPlatform({ authHeader: "Basic QVBJX0tFWQ==", serverURL: server.url });
  const { call } = OPERATIONS[operation];
  for (let i = 0; i < Number(calls); i++) await call(sdk);
  await server.close();
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), "sdk-profile-"));
try {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const run = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", dir, fileURLToPath(import.meta.url), operation, calls], {
    cwd: root,
    env: { ...process.env, PROFILE_CHILD: "1" },
    stdio: "inherit",
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8"));

  // Self time per node: the samples that landed on it, times the sampling interval.
  const interval = (profile.endTime - profile.startTime) / profile.samples.length;
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const area = ({ url, functionName }) => {
    if (url.includes("packages/sdk/dist")) return "our SDK";
    if (url.includes("valibot")) return "valibot";
    if (url.includes("undici") || url.includes("internal/deps/undici") || url.includes("fetch")) return "undici (fetch)";
    if (/node:(_http|http|net|stream|internal\/(http|streams|net|stream))/.test(url) || url.includes("_http_")) return "node:http, net, streams";
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(idle)" || functionName === "(program)") return functionName;
    return "other";
  };
  const byArea = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = (hits.get(node.id) ?? 0) * interval / 1000;
    if (ms === 0) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const a = area({ url, functionName });
    if (a !== "(idle)") total += ms;
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
    if (a === "our SDK" || a === "valibot") {
      const key = `${a === "valibot" ? "valibot " : ""}${functionName || "(anonymous)"} :${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  }
  const perCall = (ms) => `${((ms * 1000) / Number(calls)).toFixed(2).padStart(6)} µs/call`;
  console.log(`${operation}, ${calls} calls, server in the same process; busy ${total.toFixed(0)} ms (${perCall(total)})`);
  for (const [name, ms] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(26)} ${perCall(ms)}`);
  console.log("hottest functions of our bundle and valibot (self time):");
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${name.padEnd(40)} ${perCall(ms)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
