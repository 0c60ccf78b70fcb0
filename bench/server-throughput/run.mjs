#!/usr/bin/env node
// Throughput of the connection-management token endpoint
// (GET /companies/{id}/connectionManagement/accessToken: API-key check, company look-up, EdDSA
// signing) against a bare node:http server answering a fixed token of the same size: same tool
// (autocannon), same run, same machine, rounds interleaved so drift hits both alike.
//
//   npm run build && node bench/server-throughput/run.mjs [--connections 50] [--seconds 10] [--rounds 3]
//
// The platform server runs as `npm start` does (packages/server/dist/main.js, SQLite in a temp
// folder, rate limiter on with a limit it never reaches), once logging each request at `info`
// (to /dev/null) and once at `warn`. Results: stdout (Markdown) and bench/results/server-throughput.json.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});
const connections = Number(values.connections);
const duration = Number(values.seconds);
const rounds = Number(values.rounds);
const apiKey = "benchmark-api-key-0123456789abcdefghij";
const authorization = `Basic ${Buffer.from(apiKey).toString("base64")}`;

/** Spawns a child and resolves once `ready(stdout)` returns a value. */
function startChild(args, env, ready) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}: ${out.slice(-2000)}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const value = ready(out);
      if (value !== undefined) {
        child.removeAllListeners("exit");
        // From here on, output (request logs) is read and dropped, like a log shipper to /dev/null.
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve({ child, value });
      }
    });
  });
}

async function startPlatform(logLevel, dataDir) {
  const port = 40000 + Math.floor(Math.random() * 20000);
  const { child } = await startChild(
    ["packages/server/dist/main.js"],
    {
      PORT: String(port),
      DATABASE_URL: `sqlite:${path.join(dataDir, `bench-${logLevel}.sqlite`)}`,
      DATA_DIR: dataDir,
      PLATFORM_API_KEY: apiKey,
      RATE_LIMIT_PER_MINUTE: "1000000000",
      LOG_LEVEL: logLevel,
    },
    (out) => (/demo company\s+(\S+)/.exec(out) ? true : undefined),
  );
  const url = `http://127.0.0.1:${port}`;
  const company = await fetch(`${url}/companies`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ name: "Benchmark Ltd" }),
  }).then((r) => r.json());
  const path_ = `/companies/${company.id}/connectionManagement/accessToken`;
  const sample = await fetch(`${url}${path_}`, { headers: { authorization } }).then((r) => r.text());
  return { child, url: `${url}${path_}`, sample };
}

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux). On a shared, loaded
 * machine req/s swings with the neighbours; CPU time per request is what the server itself costs.
 */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function load(url, headers, pid) {
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  const cpu = cpuSeconds(pid) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    cpuMicrosPerRequest: Math.round((cpu * 1e6) / result.requests.total),
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "server-throughput-"));
const children = [];
try {
  const info = await startPlatform("info", dataDir);
  const warn = await startPlatform("warn", dataDir);
  children.push(info.child, warn.child);
  const bare = await startChild(["bench/server-throughput/bare-server.mjs"], { BODY: info.sample }, (out) => (/^\d+\n/.test(out) ? Number(out) : undefined));
  children.push(bare.child);
  const bareUrl = `http://127.0.0.1:${bare.value}/`;

  // Warm-up: JIT and caches.
  for (const url of [bareUrl, info.url, warn.url]) await autocannon({ url, connections, duration: 2, headers: { authorization } });

  const samples = { bare: [], info: [], warn: [] };
  for (let round = 1; round <= rounds; round++) {
    samples.bare.push(await load(bareUrl, { authorization }, bare.child.pid));
    samples.info.push(await load(info.url, { authorization }, info.child.pid));
    samples.warn.push(await load(warn.url, { authorization }, warn.child.pid));
    process.stderr.write(`round ${round}/${rounds} done\n`);
  }
  const median = (list, key) => list.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      {
        requestsPerSecond: median(list, "requestsPerSecond"),
        p50Ms: median(list, "p50Ms"),
        p99Ms: median(list, "p99Ms"),
        cpuMicrosPerRequest: median(list, "cpuMicrosPerRequest"),
      },
    ]),
  );
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    settings: { connections, durationSeconds: duration, rounds, responseBytes: Buffer.byteLength(info.sample) },
    summary,
    ratio: { info: summary.info.requestsPerSecond / summary.bare.requestsPerSecond, warn: summary.warn.requestsPerSecond / summary.bare.requestsPerSecond },
    cpuRatio: {
      info: summary.bare.cpuMicrosPerRequest / summary.info.cpuMicrosPerRequest,
      warn: summary.bare.cpuMicrosPerRequest / summary.warn.cpuMicrosPerRequest,
    },
    samples,
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "server-throughput.json"), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name, s, ratio, cpuRatio) =>
    `| ${name} | ${Math.round(s.requestsPerSecond).toLocaleString("en")} | ${ratio === undefined ? "1.00" : ratio.toFixed(2)} | ${s.p50Ms} | ${s.p99Ms} | ${s.cpuMicrosPerRequest} | ${cpuRatio === undefined ? "1.00" : cpuRatio.toFixed(2)} |`;
  console.log(
    [
      `autocannon -c ${connections}, ${duration} s × ${rounds} interleaved rounds (medians), ${result.machine.cpus} cores, Node ${process.version}, ${result.settings.responseBytes}-byte response`,
      "",
      "| server | req/s | × bare | p50 ms | p99 ms | server CPU µs / request | × bare (CPU) |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      row("bare node:http, fixed token", summary.bare),
      row("platform, token endpoint, request log at info", summary.info, result.ratio.info, result.cpuRatio.info),
      row("platform, token endpoint, request log off (warn)", summary.warn, result.ratio.warn, result.cpuRatio.warn),
    ].join("\n"),
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
