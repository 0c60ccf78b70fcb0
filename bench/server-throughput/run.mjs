#!/usr/bin/env node
// Throughput of the connection-management token endpoint
// (GET /companies/{id}/connectionManagement/accessToken: API-key check, company look-up, EdDSA
// signing) against a bare node:http server answering a fixed token of the same size: same tool
// (autocannon), same run, same machine, rounds interleaved so drift hits both alike.
//
//   npm run build && node --import tsx bench/server-throughput/run.mjs [--connections 50] [--seconds 10] [--rounds 3]
//
// (tsx: the platform server is started by @codat/test-kit, which is TypeScript.)
// The platform server runs as `npm start` does (packages/server/dist/main.js, SQLite in a temp
// folder, rate limiter on with a limit it never reaches), logging each request at `info` (read
// and dropped) or at `warn`, as one process and with WORKERS = one per core. The bare server
// runs as one process and as one per core; the faster of the two is the baseline.
// Results: stdout (Markdown) and bench/results/server-throughput.json.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { basicAuth } from "@codat/test-kit/auth";
import { startServerProcess } from "@codat/test-kit/server-process";

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
const authorization = basicAuth(apiKey);

/** Spawns a child (the bare server) and resolves once `ready(stdout)` returns a value. */
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

async function startPlatform(logLevel, workers, dataDir) {
  // Started once its banner is printed (every worker listens); from then on its output (request
  // logs) is read and dropped, like a log shipper to /dev/null.
  const { child, url } = await startServerProcess({
    baseEnv: "inherit",
    cwd: root,
    databaseUrl: `sqlite:${path.join(dataDir, `bench-${logLevel}-${workers}.sqlite`)}`,
    dataDir,
    apiKey,
    workers,
    env: { RATE_LIMIT_PER_MINUTE: "1000000000", LOG_LEVEL: logLevel },
    waitFor: "banner",
    stderr: "inherit",
    keepOutput: false,
  });
  const company = await fetch(`${url}/companies`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ name: "Benchmark Ltd" }),
  }).then((r) => r.json());
  const path_ = `/companies/${company.id}/connectionManagement/accessToken`;
  const sample = await fetch(`${url}${path_}`, { headers: { authorization } }).then((r) => r.text());
  return { child, url: `${url}${path_}`, sample };
}

async function startBare(body, workers) {
  const { child, value: port } = await startChild(["bench/server-throughput/bare-server.mjs"], { BODY: body, WORKERS: String(workers) }, (out) =>
    /^\d+\n/.test(out) ? Number(out) : undefined,
  );
  return { child, url: `http://127.0.0.1:${port}/` };
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

/** The process and its children (a cluster's primary and workers). */
function cpuSecondsOfTree(pid) {
  let total = cpuSeconds(pid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[1]) === pid) total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function load(url, headers, pid) {
  const cpuBefore = cpuSecondsOfTree(pid);
  const result = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  const cpu = cpuSecondsOfTree(pid) - cpuBefore;
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
// One process per core is how each side uses this machine at its best: the bare server is
// measured with 1 and with `cores` processes and the better one is the baseline.
const cores = cpus().length;
try {
  const contenders = [];
  const add = async (name, label, started) => {
    const server = await started;
    children.push(server.child);
    contenders.push({ name, label, ...server });
    return server;
  };
  const info1 = await add("info1", "platform, 1 process, request log at info (default)", startPlatform("info", 1, dataDir));
  await add("warn1", "platform, 1 process, request log off (warn)", startPlatform("warn", 1, dataDir));
  if (cores > 1) {
    await add("infoN", `platform, WORKERS=${cores}, request log at info (default)`, startPlatform("info", cores, dataDir));
    await add("warnN", `platform, WORKERS=${cores}, request log off (warn)`, startPlatform("warn", cores, dataDir));
  }
  await add("bare1", "bare node:http, 1 process, fixed token", startBare(info1.sample, 1));
  if (cores > 1) await add("bareN", `bare node:http, ${cores} processes, fixed token`, startBare(info1.sample, cores));

  // Warm-up: JIT and caches.
  for (const { url } of contenders) await autocannon({ url, connections, duration: 2, headers: { authorization } });

  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order so that drift over a round weighs on every contender alike.
    for (const c of round % 2 === 1 ? contenders : [...contenders].reverse()) {
      samples[c.name].push(await load(c.url, { authorization }, c.child.pid));
    }
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
  const bareNames = contenders.filter((c) => c.name.startsWith("bare")).map((c) => c.name);
  const baseline = bareNames.reduce((best, name) => (summary[name].requestsPerSecond > summary[best].requestsPerSecond ? name : best));
  const ratio = Object.fromEntries(contenders.map((c) => [c.name, summary[c.name].requestsPerSecond / summary[baseline].requestsPerSecond]));
  const cpuRatio = Object.fromEntries(contenders.map((c) => [c.name, summary.bare1.cpuMicrosPerRequest / summary[c.name].cpuMicrosPerRequest]));
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cores, model: cpus()[0]?.model, node: process.version },
    settings: { connections, durationSeconds: duration, rounds, responseBytes: Buffer.byteLength(info1.sample) },
    baseline,
    summary,
    ratio,
    cpuRatio,
    samples,
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "server-throughput.json"), `${JSON.stringify(result, null, 2)}\n`);
  const row = (c) => {
    const s = summary[c.name];
    return `| ${c.label} | ${Math.round(s.requestsPerSecond).toLocaleString("en")} | ${ratio[c.name].toFixed(2)} | ${s.p50Ms} | ${s.p99Ms} | ${s.cpuMicrosPerRequest} | ${cpuRatio[c.name].toFixed(2)} |`;
  };
  console.log(
    [
      `autocannon -c ${connections}, ${duration} s × ${rounds} interleaved rounds (medians), ${cores} cores, Node ${process.version}, ${result.settings.responseBytes}-byte response`,
      `baseline (× bare = 1.00): ${contenders.find((c) => c.name === baseline).label}`,
      "",
      "| server | req/s | × bare | p50 ms | p99 ms | server CPU µs / request | × bare (CPU, 1 process) |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...contenders.map(row),
    ].join("\n"),
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
