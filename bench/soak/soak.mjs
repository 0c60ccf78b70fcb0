#!/usr/bin/env node
// Soak test of the hot path: 60 s of autocannon at saturating concurrency against the
// connection-management token endpoint of the real server process (`dist/main.js`, SQLite in
// a temp folder), sampling the server's resident memory every second. Passes when there were
// 0 errors (transport errors, timeouts, non-2xx) and resident memory grew less than 10 %
// from the end of the warm-up to the end of the run. Not part of `npm test`:
//
//   npm run build && node --import tsx bench/soak/soak.mjs   # SOAK_SECONDS, SOAK_CONNECTIONS to change
//
// (tsx: the server process is started by @codat/test-kit, which is TypeScript.)
//
// Writes its figures to bench/results/soak.json (not committed; BENCHMARKS.md records them).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { basicAuth } from "@codat/test-kit/auth";
import { startServerProcess } from "@codat/test-kit/server-process";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 100);
const MAX_GROWTH = 0.1;

/** Resident set size of `pid` in MiB, from /proc (Linux). */
function rssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "platform-soak-"));
  const apiKey = `soak-${randomBytes(16).toString("hex")}`;
  const authorization = basicAuth(apiKey);
  let server;
  try {
    // The test kit's defaults: loopback, no rate limits, logs at warn; errors straight to stderr.
    server = await startServerProcess({
      databaseUrl: `sqlite:${path.join(dataDir, "platform.sqlite")}`,
      dataDir,
      apiKey,
      stderr: "inherit",
      keepOutput: false,
    });
    const { url, child } = server;
    const company = await (
      await fetch(`${url}/companies`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ name: "Soak Co" }) })
    ).json();
    const target = { url: `${url}/companies/${company.id}/connectionManagement/accessToken`, headers: { authorization }, connections: CONNECTIONS };

    console.log(`warm-up: ${WARMUP_SECONDS} s at ${CONNECTIONS} connections`);
    await autocannon({ ...target, duration: WARMUP_SECONDS });
    const samples = [];
    const sampler = setInterval(() => samples.push(rssMiB(child.pid)), 1000);
    console.log(`soak: ${SECONDS} s at ${CONNECTIONS} connections on GET /companies/{companyId}/connectionManagement/accessToken`);
    const started = Date.now();
    const result = await autocannon({ ...target, duration: SECONDS });
    clearInterval(sampler);
    samples.push(rssMiB(child.pid));

    const startRss = median(samples.slice(0, 5));
    const endRss = median(samples.slice(-5));
    const growth = (endRss - startRss) / startRss;
    const errors = result.errors + result.timeouts + result.non2xx;
    const figures = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
      seconds: Math.round((Date.now() - started) / 1000),
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: { total: errors, transport: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
      rssMiB: { start: Number(startRss.toFixed(1)), end: Number(endRss.toFixed(1)), max: Number(Math.max(...samples).toFixed(1)) },
      rssGrowthPercent: Number((growth * 100).toFixed(1)),
      pass: errors === 0 && growth < MAX_GROWTH,
    };
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    writeFileSync(path.join(root, "bench/results/soak.json"), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(JSON.stringify(figures, null, 2));
    if (!figures.pass) {
      console.error(`FAIL: ${errors} errors, resident memory ${figures.rssGrowthPercent} % (limit 0 errors, < ${MAX_GROWTH * 100} %)`);
      process.exitCode = 1;
    }
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
