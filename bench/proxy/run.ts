// Proxy benchmark: GET through the server's proxy route
// (`/companies/{companyId}/connections/{connectionId}/proxy/{path}`: API-key check, the
// connection's cached access, the call to its platform with the access token, the answer
// streamed back) against the same GET (a) straight to the platform's API and (b) through a bare
// Node reverse proxy (node:http + an undici Pool: no auth, no logging), all in one run.
//
//   npm run bench:proxy -- [--seconds 10] [--rounds 3] [--connections 50] [--probe 2000] [--profile]
//
// The platform's API (./upstream.mjs) and the bare proxy (./bare-proxy.mjs) are processes of
// their own; the server runs as `npm start` runs it (packages/server/dist/main.js, one process,
// SQLite, rate limiter on with a limit it never reaches), once with the request log at `info`
// (the default: the figures the goals are checked against) and once at `warn` (log off). Its
// database is seeded directly (../refresher/seed.ts): one client and API key, one company, one
// connection Linked to a platform of the client's own whose apiBaseUrl is the upstream's
// `/api`, its access token sealed as the server seals it, expiring in a year.
//
// Throughput: autocannon, `--connections` at once for `--seconds`, each target once per round,
// the order rotating and reversing from round to round so drift hits all alike; the median of
// the rounds. Latency under that load: every response's time as autocannon measures it (to the
// microsecond; its own histogram keeps whole milliseconds), p50 and p99 per round, medians.
// Latency alone: `--probe` sequential requests per target on one kept-alive connection,
// interleaved request by request. CPU per request of the proxying process (and of the
// upstream) from /proc. `--profile` runs (c) under `node --cpu-prof` (../refresher/profiled-main.mjs)
// and prints where its CPU went. Results: stdout (Markdown) and bench/results/proxy.json.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Pool } from "undici";
import { basicAuth } from "@codat/test-kit/auth";
import { startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";
import { processCpuSeconds } from "../scale/cpu.js";
import { profilesIn, summarizeProfile } from "../refresher/profile.js";
import { companyIdOf, connectionId, seedLinkedConnections } from "../refresher/seed.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    probe: { type: "string", default: "2000" },
    profile: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const PROBE = Number(values.probe);
const ACCESS_TOKEN = "at-proxy-benchmark-0123456789abcdefghij";
const SIGNING_KEY_SECRET = "proxy-benchmark-secret-0123456789abcdef";
const API_KEY = "proxy-benchmark-api-key-0123456789abcd";
const PLATFORM_PATH = "Invoices?page=1&where=Status%3D%3D%22AUTHORISED%22";

/** A child process that prints its origin on its first line of stdout. */
async function startChild(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve(String(chunk).trim()));
  });
  child.removeAllListeners("exit");
  return { child, origin };
}

interface Target {
  key: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  /** The process doing the proxying (none for the direct calls). */
  pid: number | undefined;
}

/** What is read of autocannon's result (the package ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface Sample {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  proxyCpuUs: number | undefined;
  upstreamCpuUs: number | undefined;
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (list: number[]): number => {
  const sorted = [...list].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const dir = mkdtempSync(path.join(tmpdir(), "bench-proxy-"));
const children: ChildProcess[] = [];
const servers: ServerProcess[] = [];
try {
  const upstream = await startChild("upstream.mjs", { UPSTREAM_TOKEN: ACCESS_TOKEN });
  children.push(upstream.child);
  const bare = await startChild("bare-proxy.mjs", { UPSTREAM: upstream.origin, UPSTREAM_TOKEN: ACCESS_TOKEN });
  children.push(bare.child);

  const databaseUrl = `sqlite:${path.join(dir, "proxy.sqlite")}`;
  const yearAhead = new Date(Date.now() + 365 * 86_400_000);
  await seedLinkedConnections({
    databaseUrl,
    signingKeySecret: SIGNING_KEY_SECRET,
    apiKey: API_KEY,
    connections: 1,
    connectionsPerCompany: 1,
    tokenUrl: `${upstream.origin}/token`,
    apiBaseUrl: `${upstream.origin}/api`,
    accessToken: () => ACCESS_TOKEN,
    refreshToken: () => "rt-proxy-benchmark-unused",
    expires: () => yearAhead,
    refreshDue: () => yearAhead,
  });
  const proxyPath = `/companies/${companyIdOf(0, 1)}/connections/${connectionId(0)}/proxy/${PLATFORM_PATH}`;
  const authorization = basicAuth(API_KEY);

  const profileDir = path.join(dir, "profiles");
  const startPlatform = (logLevel: string, profiled = false) =>
    startServerProcess({
      cwd: root,
      databaseUrl,
      dataDir: dir,
      apiKey: API_KEY,
      stderr: "inherit",
      keepOutput: profiled,
      env: { SIGNING_KEY_SECRET, PLATFORM_ALLOW_PRIVATE_URLS: "true", LOG_LEVEL: logLevel, RATE_LIMIT_PER_MINUTE: "1000000000", ...(profiled ? { CPU_PROFILE_DIR: profileDir } : {}) },
      ...(profiled ? { script: fileURLToPath(new URL("../refresher/profiled-main.mjs", import.meta.url)) } : {}),
    });
  if (values.profile) mkdirSync(profileDir);
  const platformInfo = await startPlatform("info", values.profile);
  // Under --profile the server is the child of a wrapper that names it.
  const infoPid = Number(/^profiled pid (\d+)$/m.exec(values.profile ? platformInfo.output() : "")?.[1] ?? platformInfo.child.pid);
  servers.push(platformInfo);
  const platformWarn = await startPlatform("warn");
  servers.push(platformWarn);

  const targets: Target[] = [
    { key: "direct", label: "(a) straight to the platform's API", url: `${upstream.origin}/api/${PLATFORM_PATH}`, headers: { authorization: `Bearer ${ACCESS_TOKEN}` }, pid: undefined },
    { key: "bare", label: "(b) bare Node reverse proxy (node:http + undici Pool)", url: `${bare.origin}/api/${PLATFORM_PATH}`, headers: {}, pid: bare.child.pid },
  ];
  // The proxy route is checked before it is measured: the platform's body, marked as the platform's.
  let proxyMissing: string | undefined;
  const expected = await fetch(targets[0]!.url, { headers: targets[0]!.headers }).then((r) => r.text());
  for (const [server, key, label, pid] of [
    [platformInfo, "proxy", "(c) our proxy, request log at info (default)", infoPid],
    [platformWarn, "proxyQuiet", "(c′) our proxy, request log off (warn)", platformWarn.child.pid],
  ] as const) {
    const response = await fetch(`${server.url}${proxyPath}`, { headers: { authorization } });
    const text = await response.text();
    if (response.status !== 200 || response.headers.get("x-proxy-source") !== "platform" || text !== expected) {
      proxyMissing = `GET ${proxyPath} answered ${response.status} (${response.headers.get("x-proxy-source") ?? "not from the platform"}): ${text.slice(0, 300)}`;
      break;
    }
    targets.push({ key, label, url: `${server.url}${proxyPath}`, headers: { authorization }, pid });
  }
  if (proxyMissing) process.stderr.write(`proxy route not measured: ${proxyMissing}\n`);

  const load = async (target: Target, seconds: number): Promise<Sample> => {
    const latencies: number[] = [];
    const pids = [target.pid, upstream.child.pid];
    const cpu0 = pids.map((pid) => (pid === undefined ? undefined : processCpuSeconds(pid)));
    const result = await new Promise<CannonResult>((resolve, reject) => {
      const instance = autocannon({ url: target.url, connections: CONNECTIONS, duration: seconds, headers: target.headers }, (error: Error | null, outcome: CannonResult) =>
        error ? reject(error) : resolve(outcome),
      );
      // Each response's time in milliseconds, to the microsecond (its histogram keeps whole ms).
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode === 200) latencies.push(responseTime);
      });
    });
    const cpu = pids.map((pid, k) => (pid === undefined || cpu0[k] === undefined ? undefined : processCpuSeconds(pid)! - cpu0[k]!));
    const sorted = Float64Array.from(latencies).sort();
    const perRequest = (seconds_: number | undefined) => (seconds_ === undefined ? undefined : (seconds_ / result.requests.total) * 1e6);
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      proxyCpuUs: perRequest(cpu[0]),
      upstreamCpuUs: perRequest(cpu[1]),
    };
  };

  // Warm-up (JIT, keep-alive pools, the server's caches), then the rounds.
  for (const target of targets) await load(target, 2);
  const samples: Record<string, Sample[]> = Object.fromEntries(targets.map((t) => [t.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const rotated = targets.map((_, k) => targets[(k + round) % targets.length]!);
    const order = round % 2 === 1 ? rotated.reverse() : rotated;
    for (const target of order) samples[target.key]!.push(await load(target, SECONDS));
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  // Latency alone: one request at a time per target, interleaved request by request.
  const pools = targets.map((target) => new Pool(new URL(target.url).origin, { connections: 1, keepAliveTimeout: 60_000 }));
  const probes: Float64Array[] = targets.map(() => new Float64Array(PROBE));
  for (let i = -Math.round(PROBE / 10); i < PROBE; i++) {
    for (let k = 0; k < targets.length; k++) {
      const t = (k + Math.max(0, i)) % targets.length;
      const target = targets[t]!;
      const url = new URL(target.url);
      const t0 = performance.now();
      const response = await pools[t]!.request({ method: "GET", path: url.pathname + url.search, headers: target.headers });
      await response.body.text();
      if (i >= 0) probes[t]![i] = performance.now() - t0;
      if (response.statusCode !== 200) throw new Error(`${target.label}: ${response.statusCode}`);
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  const counts = (await fetch(`${upstream.origin}/__counts`).then((r) => r.json())) as { withToken: number; withoutToken: number };

  const summary = Object.fromEntries(
    targets.map((target, t) => {
      const list = samples[target.key]!;
      const sorted = probes[t]!.sort();
      const pick = (key: keyof Sample) => {
        const values_ = list.map((s) => s[key]).filter((v): v is number => typeof v === "number");
        return values_.length === list.length ? median(values_) : undefined;
      };
      return [
        target.key,
        {
          label: target.label,
          requestsPerSecond: pick("requestsPerSecond")!,
          roundRequestsPerSecond: list.map((s) => Math.round(s.requestsPerSecond)),
          p50Ms: pick("p50Ms")!,
          p99Ms: pick("p99Ms")!,
          errors: list.reduce((sum, s) => sum + s.errors, 0),
          non2xx: list.reduce((sum, s) => sum + s.non2xx, 0),
          proxyCpuUs: pick("proxyCpuUs"),
          upstreamCpuUs: pick("upstreamCpuUs"),
          aloneP50Ms: percentile(sorted, 50),
          aloneP99Ms: percentile(sorted, 99),
        },
      ];
    }),
  );
  type Summary = (typeof summary)[string];
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage: loadavg()[0] };
  const s = summary as Record<string, Summary>;
  const perRound = (key: string, over: string) => samples[key]!.map((sample, round) => sample.requestsPerSecond / samples[over]![round]!.requestsPerSecond);
  const ratios = s.proxy
    ? {
        proxyOverBare: s.proxy.requestsPerSecond / s.bare!.requestsPerSecond,
        /** (c) ÷ (b) within each round, and its median: the two sides of a round share the machine's state. */
        proxyOverBareRounds: perRound("proxy", "bare"),
        proxyOverBareMedianOfRounds: median(perRound("proxy", "bare")),
        proxyOverDirect: s.proxy.requestsPerSecond / s.direct!.requestsPerSecond,
        addedMedianUnderLoadMs: s.proxy.p50Ms - s.direct!.p50Ms,
        addedMedianAloneMs: s.proxy.aloneP50Ms - s.direct!.aloneP50Ms,
        bareAddedMedianAloneMs: s.bare!.aloneP50Ms - s.direct!.aloneP50Ms,
        quietOverBare: s.proxyQuiet ? s.proxyQuiet.requestsPerSecond / s.bare!.requestsPerSecond : undefined,
      }
    : undefined;
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    path.join(root, "bench", "results", "proxy.json"),
    `${JSON.stringify({ date: new Date().toISOString(), machine, settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, probe: PROBE }, proxyMissing, upstreamCounts: counts, summary, ratios, samples }, null, 2)}\n`,
  );

  const ms = (n: number) => n.toFixed(2);
  const fmt = (n: number | undefined) => (n === undefined ? "–" : Math.round(n).toLocaleString("en"));
  const lines = [
    `autocannon -c ${CONNECTIONS}, ${SECONDS} s × ${ROUNDS} rounds (medians); ${PROBE} sequential requests per target for latency alone; ${machine.cpus} × ${machine.model}, Node ${process.version}, load average ${machine.loadAverage!.toFixed(2)} at the end`,
    "",
    "| target | req/s | per round | × (b) | × (a) | p50 / p99 ms under load | p50 / p99 ms alone | CPU µs / req: proxying process + upstream | errors / non-2xx |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...Object.values(s).map(
      (r) =>
        `| ${r.label} | ${fmt(r.requestsPerSecond)} | ${r.roundRequestsPerSecond.map(fmt).join(", ")} | ${(r.requestsPerSecond / s.bare!.requestsPerSecond).toFixed(2)} | ${(r.requestsPerSecond / s.direct!.requestsPerSecond).toFixed(2)} | ${ms(r.p50Ms)} / ${ms(r.p99Ms)} | ${ms(r.aloneP50Ms)} / ${ms(r.aloneP99Ms)} | ${fmt(r.proxyCpuUs)} + ${fmt(r.upstreamCpuUs)} | ${r.errors} / ${r.non2xx} |`,
    ),
    "",
    ratios
      ? [
          `(c) ÷ (b): **${ratios.proxyOverBare.toFixed(2)}** (goal ≥ 0.6; median of the rounds' own ratios ${ratios.proxyOverBareMedianOfRounds.toFixed(2)}: ${ratios.proxyOverBareRounds.map((r) => r.toFixed(2)).join(", ")}; log off: ${ratios.quietOverBare?.toFixed(2) ?? "–"}); (c) ÷ (a): ${ratios.proxyOverDirect.toFixed(2)}`,
          `added median latency (c − a): **${ms(ratios.addedMedianAloneMs)} ms** alone (goal ≤ 1 ms; bare proxy ${ms(ratios.bareAddedMedianAloneMs)} ms), ${ms(ratios.addedMedianUnderLoadMs)} ms under load`,
        ].join("\n")
      : `(c) not measured: ${proxyMissing}`,
    `upstream: ${counts.withToken.toLocaleString("en")} requests with the connection's token, ${counts.withoutToken} without`,
  ];
  if (values.profile) {
    await platformInfo.stop();
    for (const file of profilesIn(profileDir)) {
      const p = summarizeProfile(file);
      lines.push("", `Profile of (c) (${fmt(p.busyMs)} ms busy):`, "", ...p.parts.slice(0, 14).map((part) => `- ${part.part}: ${(part.share * 100).toFixed(1)} %`));
      lines.push("", "Top functions by self time:", ...p.functions.slice(0, 25).map((f) => `- ${(f.share * 100).toFixed(1)} % ${f.name} ${f.where}`));
    }
  }
  console.log(lines.join("\n"));
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
