// Background refresher benchmark: grants refreshed per second when 100 000 Linked connections
// are all due at once (a backlog, as after an outage), on (a) SQLite, one server process,
// (b) PostgreSQL, one node, (c) PostgreSQL, two nodes (two processes on one database), each
// with the REFRESH_* settings given (the defaults and tuned ones), all in one run.
//
//   npm run bench:refresher -- [--connections 100000] [--seconds 60] [--per-company 100]
//        [--configs 32x200,128x1000] [--cases sqlite,postgres,postgres-2] [--profile] [--server <main.js>]
//
// Per run: a fresh database (SQLite file, or a new PostgreSQL database) with the server's
// migrations, seeded directly (./seed.ts: one client, one company per 100 connections, the
// connections to one platform of the client's own, their tokens sealed as the server seals
// them, due over the past hour); a local token endpoint (./token-endpoint.ts, in this process)
// that rotates refresh tokens and counts double refreshes (a refresh token presented twice, or
// one it never issued); then the node(s) start (packages/server/dist/main.js, as `npm start`
// runs it) with `REFRESH_CONCURRENCY` × `REFRESH_BATCH` from `--configs`, and the run lasts
// until every connection is refreshed or `--seconds` after the first refresh. Figures:
//   - sustained rate: refreshes between the 10 % and the 90 % mark of those done, over the
//     time between them (start-up and the tail left out); overall: all of them over first to last;
//   - double refreshes (must be 0), and after the nodes stopped, whether each row holds the
//     endpoint's live refresh token (a lost rotation would strand a connection);
//   - CPU per refresh of each node, of the database's PostgreSQL backends and of this process
//     (the token endpoint), from /proc, over the measured part; and other load on the machine.
// `--profile` runs the nodes under `node --cpu-prof` (./profiled-main.mjs) and prints where their CPU went;
// `--server` runs another build's main.js instead of packages/server/dist/main.js (an A/B of a change).
// Results: stdout (Markdown) and bench/results/refresher.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createPostgresDatabase, postgresUnavailableReason } from "@codat/test-kit/postgres";
import { startServerProcess, type ServerProcess } from "@codat/test-kit/server-process";
import { measureCpu, processCpuSeconds } from "../scale/cpu.js";
import { profilesIn, summarizeProfile, type ProfileSummary } from "./profile.js";
import { APP_CLIENT_ID, APP_CLIENT_SECRET, readBack, seedLinkedConnections } from "./seed.js";
import { startTokenEndpoint } from "./token-endpoint.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PROFILED_MAIN = fileURLToPath(new URL("profiled-main.mjs", import.meta.url));
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "100000" },
    seconds: { type: "string", default: "60" },
    "per-company": { type: "string", default: "100" },
    configs: { type: "string", default: "32x200,128x1000" },
    cases: { type: "string", default: "sqlite,postgres,postgres-2" },
    profile: { type: "boolean", default: false },
    // Another build of the server to run (its main.js), e.g. a change under evaluation.
    server: { type: "string" },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const PER_COMPANY = Number(values["per-company"]);
const CONFIGS = values.configs.split(",").map((text) => {
  const [concurrency, batch] = text.split("x").map(Number);
  if (!concurrency || !batch) throw new Error(`--configs: "${text}" is not <concurrency>x<batch>`);
  return { concurrency, batch };
});
type Case = "sqlite" | "postgres" | "postgres-2";
const CASES = values.cases.split(",") as Case[];
const SIGNING_KEY_SECRET = "refresher-benchmark-secret-0123456789abcdef";
const API_KEY = "refresher-benchmark-api-key-0123456789";
const round2 = (n: number) => Math.round(n * 100) / 100;
const CASE_LABEL: Record<Case, string> = { sqlite: "SQLite, one process", postgres: "PostgreSQL, one node", "postgres-2": "PostgreSQL, two nodes" };

if (CASES.some((c) => c !== "sqlite")) {
  const unavailable = await postgresUnavailableReason();
  if (unavailable) throw new Error(`${unavailable}: this benchmark needs PostgreSQL (TEST_DATABASE_URL)`);
}

interface RunResult {
  case: Case;
  concurrency: number;
  batch: number;
  seedMs: number;
  /** Refreshes done by the end of the measurement (all, or those within `--seconds`). */
  refreshed: number;
  complete: boolean;
  sustainedPerSecond: number;
  overallPerSecond: number;
  /** Refreshes per second, second by second from the first refresh. */
  timeline: number[];
  /** Cores used, second by second: the nodes together, PostgreSQL's backends of the database, everything else. */
  coresBySecond: Array<{ nodes: number; postgres: number; other: number }>;
  doubleRefreshes: { replayed: number; unknown: number };
  refusedByEndpoint: number;
  /** Connections refreshed more than once (a due date not moved on). */
  refreshedTwice: number;
  /** After the nodes stopped: rows whose refresh token is not the endpoint's live one. */
  staleRows: number;
  /** Of those, rows still claimed: refreshes in flight when the node was stopped (SIGTERM). */
  staleClaimed: number;
  rowsRefreshed: number;
  claimsLeft: number;
  failingRows: number;
  notLinked: number;
  cpuUsPerRefresh: { nodes: number[]; postgres: number | undefined; endpoint: number };
  otherCores: number | undefined;
  nodeWarnings: number;
  nodeWarningKinds: string[];
  /** The first log line of each kind, as the node printed it. */
  nodeWarningSamples: string[];
  sockets: number;
  profile?: ProfileSummary[];
}

async function run(kase: Case, config: { concurrency: number; batch: number }): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-refresher-"));
  const pg = kase === "sqlite" ? undefined : await createPostgresDatabase();
  const databaseUrl = pg?.url ?? `sqlite:${path.join(dir, "bench.sqlite")}`;
  const endpoint = await startTokenEndpoint({ connections: CONNECTIONS, clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET });
  const nodes: ServerProcess[] = [];
  try {
    const now = Date.now();
    const seeded = await seedLinkedConnections({
      databaseUrl,
      signingKeySecret: SIGNING_KEY_SECRET,
      apiKey: API_KEY,
      connections: CONNECTIONS,
      connectionsPerCompany: PER_COMPANY,
      tokenUrl: endpoint.tokenUrl,
      apiBaseUrl: "http://127.0.0.1:9/api",
      accessToken: (i) => `at-seeded-${i}`,
      refreshToken: (i) => endpoint.issue(i),
      // Due over the past hour, oldest first; the access tokens expire five minutes after.
      refreshDue: (i) => new Date(now - 3_600_000 + Math.floor((i * 3_600_000) / CONNECTIONS)),
      expires: (i) => new Date(now - 3_300_000 + Math.floor((i * 3_600_000) / CONNECTIONS)),
    });
    process.stderr.write(`${kase} ${config.concurrency}x${config.batch}: seeded ${CONNECTIONS} connections in ${seeded.milliseconds} ms\n`);

    const profileDir = path.join(dir, "profiles");
    mkdirSync(profileDir);
    const count = kase === "postgres-2" ? 2 : 1;
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startServerProcess({
          cwd: root,
          databaseUrl,
          dataDir: dir,
          apiKey: API_KEY,
          stderr: "pipe",
          env: {
            SIGNING_KEY_SECRET,
            PLATFORM_ALLOW_PRIVATE_URLS: "true",
            REFRESH_CONCURRENCY: String(config.concurrency),
            REFRESH_BATCH: String(config.batch),
            LOG_LEVEL: "warn",
            ...(values.profile ? { CPU_PROFILE_DIR: profileDir, ...(values.server ? { SERVER_MAIN: path.resolve(values.server) } : {}) } : {}),
          },
          ...(values.profile ? { script: PROFILED_MAIN } : values.server ? { script: path.resolve(values.server) } : {}),
        }),
      ),
    );
    nodes.push(...started);

    // Measured from the first refresh on: CPU from then, the rate from the timestamps.
    const startedAt = performance.now();
    let cpu: { take: ReturnType<typeof measureCpu>; nodes0: Array<number | undefined>; self0: NodeJS.CpuUsage; refreshes0: number } | undefined;
    let lastProgress = { at: performance.now(), refreshes: 0 };
    // Second by second: cores used by the nodes, by PostgreSQL, and by anything else on the machine.
    const database = pg && new URL(pg.url).pathname.slice(1);
    // Under --profile each node is the child of a wrapper that names it (./profiled-main.mjs).
    const pids = nodes.map((node) => Number(/^profiled pid (\d+)$/m.exec(node.output())?.[1] ?? node.child.pid));
    const coresBySecond: Array<{ nodes: number; postgres: number; other: number }> = [];
    let second: { take: ReturnType<typeof measureCpu>; at: number } | undefined;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { refreshes } = endpoint.counts;
      if (refreshes > 0 && !cpu) cpu = { take: measureCpu(pids, database), nodes0: pids.map(processCpuSeconds), self0: process.cpuUsage(), refreshes0: refreshes };
      if (refreshes > 0 && (!second || performance.now() - second.at >= 1000)) {
        if (second) {
          const used = second.take();
          coresBySecond.push({ nodes: (used.nodes ?? NaN) / used.wallSeconds, postgres: (used.postgres ?? 0) / used.wallSeconds, other: (used.other ?? NaN) / used.wallSeconds });
        }
        second = { take: measureCpu(pids, database), at: performance.now() };
      }
      if (refreshes >= CONNECTIONS) break;
      if (refreshes > 0 && performance.now() - endpoint.times[0]! >= SECONDS * 1000) break;
      if (refreshes > lastProgress.refreshes) lastProgress = { at: performance.now(), refreshes };
      if (refreshes === 0 && performance.now() - startedAt > 30_000) {
        throw new Error(`${kase}: no refresh within 30 s of the nodes starting (endpoint: ${JSON.stringify(endpoint.counts)}):\n${nodes.map((n) => n.output().slice(-3000)).join("\n")}`);
      }
      if (performance.now() - lastProgress.at > 30_000) {
        process.stderr.write(`${kase}: no refresh for 30 s (${refreshes} done); stopping\n`);
        break;
      }
      if (nodes.some((node) => node.child.exitCode !== null)) throw new Error(`${kase}: a node exited:\n${nodes.map((n) => n.output()).join("\n")}`);
    }
    const done = endpoint.counts.refreshes;
    const used = cpu!.take();
    const nodeCpu = pids.map((pid, k) => (processCpuSeconds(pid) ?? NaN) - (cpu!.nodes0[k] ?? NaN));
    const self = process.cpuUsage(cpu!.self0);
    const inWindow = done - cpu!.refreshes0;
    const perRefreshUs = (seconds: number) => Math.round((seconds / inWindow) * 1e6);

    const times = endpoint.times.subarray(0, Math.min(done, endpoint.times.length));
    const at = (fraction: number) => times[Math.min(times.length - 1, Math.floor(fraction * times.length))]!;
    const sustained = (0.8 * times.length) / ((at(0.9) - at(0.1)) / 1000);
    const overall = times.length / ((times[times.length - 1]! - times[0]!) / 1000);
    const timeline: number[] = [];
    for (const t of times) {
      const second = Math.floor((t - times[0]!) / 1000);
      timeline[second] = (timeline[second] ?? 0) + 1;
    }

    await Promise.all(nodes.map((node) => node.stop()));
    const warningLines = nodes.flatMap((node) => node.output().split("\n").filter((line) => /"level":(40|50|60)/.test(line)));
    const warningKinds = [...new Set(warningLines.map((line) => String((JSON.parse(line) as { msg?: unknown }).msg)))];
    const back = await readBack(databaseUrl, SIGNING_KEY_SECRET);
    let staleRows = 0;
    let staleClaimed = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      if (back.refreshTokens.get(i) === endpoint.current(i)) continue;
      staleRows++;
      if (back.claimedIndexes.has(i)) staleClaimed++;
    }
    let refreshedTwice = 0;
    for (const n of endpoint.perConnection) if (n > 1) refreshedTwice++;
    const profile = values.profile ? profilesIn(profileDir).map(summarizeProfile) : undefined;
    return {
      case: kase,
      concurrency: config.concurrency,
      batch: config.batch,
      seedMs: seeded.milliseconds,
      refreshed: done,
      complete: done >= CONNECTIONS,
      sustainedPerSecond: Math.round(sustained),
      overallPerSecond: Math.round(overall),
      timeline: Array.from(timeline, (n) => n ?? 0),
      coresBySecond: coresBySecond.map(({ nodes: n, postgres, other }) => ({ nodes: round2(n), postgres: round2(postgres), other: round2(other) })),
      doubleRefreshes: { replayed: endpoint.counts.replayed, unknown: endpoint.counts.unknown },
      refusedByEndpoint: endpoint.counts.refused,
      refreshedTwice,
      staleRows,
      staleClaimed,
      rowsRefreshed: back.refreshed,
      claimsLeft: back.claimed,
      failingRows: back.failing,
      notLinked: back.notLinked,
      cpuUsPerRefresh: { nodes: nodeCpu.map(perRefreshUs), postgres: used.postgres === undefined ? undefined : perRefreshUs(used.postgres), endpoint: perRefreshUs((self.user + self.system) / 1e6) },
      otherCores: used.other === undefined ? undefined : used.other / used.wallSeconds,
      nodeWarnings: warningLines.length,
      nodeWarningKinds: warningKinds,
      nodeWarningSamples: warningKinds.map((kind) => warningLines.find((line) => line.includes(`"msg":${JSON.stringify(kind)}`))!),
      sockets: endpoint.sockets(),
      ...(profile ? { profile } : {}),
    };
  } finally {
    await Promise.all(nodes.map((node) => node.kill9()));
    await endpoint.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: RunResult[] = [];
const loadBefore = loadavg()[0]!;
for (const config of CONFIGS) {
  for (const kase of CASES) {
    const result = await run(kase, config);
    results.push(result);
    process.stderr.write(
      `${kase} ${config.concurrency}x${config.batch}: ${result.sustainedPerSecond} refreshes/s sustained, ${result.refreshed} done, double refreshes ${result.doubleRefreshes.replayed + result.doubleRefreshes.unknown}\n`,
    );
  }
}
const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg()[0] };
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(
  path.join(root, "bench", "results", "refresher.json"),
  `${JSON.stringify({ date: new Date().toISOString(), machine, settings: { connections: CONNECTIONS, seconds: SECONDS, perCompany: PER_COMPANY }, results }, null, 2)}\n`,
);

const fmt = (n: number) => Math.round(n).toLocaleString("en");
const capacity = (r: RunResult) => (machine.cpus * 1e6) / (r.cpuUsPerRefresh.nodes.reduce((x, y) => x + y, 0) + (r.cpuUsPerRefresh.postgres ?? 0) + r.cpuUsPerRefresh.endpoint);
const lines = [
  `${CONNECTIONS.toLocaleString("en")} connections due at once, until all are refreshed or ${SECONDS} s; ${machine.cpus} × ${machine.model}, Node ${process.version}, load average ${loadBefore.toFixed(2)} before, ${machine.loadAverageAfter!.toFixed(2)} after`,
  "",
  "| case | concurrency × batch | refreshed | refreshes/s sustained (10–90 %) | overall | double refreshes | rows not holding the live token | CPU µs / refresh: node(s) + PostgreSQL + endpoint | other load (cores) | cores ÷ CPU per refresh |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
  ...results.map(
    (r) =>
      `| ${CASE_LABEL[r.case]} | ${r.concurrency} × ${r.batch} | ${fmt(r.refreshed)}${r.complete ? "" : " (time up)"} | **${fmt(r.sustainedPerSecond)}** | ${fmt(r.overallPerSecond)} | ${r.doubleRefreshes.replayed + r.doubleRefreshes.unknown} | ${r.staleRows}${r.staleRows ? ` (${r.staleClaimed} in flight at stop)` : ""} | ${r.cpuUsPerRefresh.nodes.map(fmt).join(" / ")} + ${r.cpuUsPerRefresh.postgres === undefined ? "–" : fmt(r.cpuUsPerRefresh.postgres)} + ${fmt(r.cpuUsPerRefresh.endpoint)} | ${r.otherCores === undefined ? "–" : r.otherCores.toFixed(2)} | ${fmt(capacity(r))} |`,
  ),
  "",
  `The last column is what the machine's ${machine.cpus} cores would do at that CPU per refresh (all processes: node(s), PostgreSQL, endpoint) with nothing else running: a ceiling, not a measurement.`,
  "",
  "Checks after each run (must all be 0 but the first): rows refreshed / refreshed twice / claims left / failing / not Linked / node warnings / refused by the endpoint:",
  ...results.map(
    (r) =>
      `- ${CASE_LABEL[r.case]}, ${r.concurrency} × ${r.batch}: ${fmt(r.rowsRefreshed)} / ${r.refreshedTwice} / ${r.claimsLeft} / ${r.failingRows} / ${r.notLinked} / ${r.nodeWarnings}${r.nodeWarningKinds.length ? ` (${r.nodeWarningKinds.join("; ")})` : ""} / ${r.refusedByEndpoint}; seeded in ${fmt(r.seedMs)} ms; ${r.sockets} sockets open to the endpoint at the end; per second: ${r.timeline.join(" ")}; other load, cores, per second: ${r.coresBySecond.map((c) => c.other.toFixed(1)).join(" ")}`,
  ),
];
for (const r of results) {
  for (const p of r.profile ?? []) {
    lines.push("", `Profile of a node, ${CASE_LABEL[r.case]}, ${r.concurrency} × ${r.batch} (${fmt(p.busyMs)} ms busy):`, "");
    lines.push(...p.parts.slice(0, 14).map((part) => `- ${part.part}: ${(part.share * 100).toFixed(1)} %`));
    lines.push("", "Top functions by self time:", ...p.functions.slice(0, 15).map((f) => `- ${(f.share * 100).toFixed(1)} % ${f.name} ${f.where}`));
  }
}
console.log(lines.join("\n"));
