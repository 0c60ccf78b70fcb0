// Scale-out benchmark, every ratio measured side by side in one run (autocannon, the two sides
// of a comparison run back to back so that the machine's drift hits both alike):
//   1. token throughput, PostgreSQL vs SQLite (one node each, same data);
//   2. one node vs two nodes on one PostgreSQL database (two processes, the same total number
//      of connections split across them);
//   3. 1 000 000 companies vs 1 000 in the database (PostgreSQL): token issuance (in-process
//      cache off, and with the default 1 s cache) and one page of a company's connections.
// Each request names a company picked at random from a working set of 1 000 companies in every
// database (spread over the whole table in the large one). The database-size comparisons have
// nodes of their own, one per database size and cache setting, loaded by nothing else (the
// cache-off token and page pairs share theirs, alike on both sides), so neither side's node is
// hotter (more JIT-compiled, more warmed) than the other's. The cache-off pairs read the
// database on every request (CACHE_TTL_MS=0), so only its size differs.
//
// A round runs each comparison's sides as A B B A (the next round B A A B): each side goes first
// as often as second, within a round and across them, and a steady drift of the machine's speed
// cancels out within each round. A round's ratio is A's mean throughput over B's, the reported
// ratio the median of the rounds' ratios. Next to the throughput, each sample records the CPU
// time per request of the node(s) and of the PostgreSQL backends serving that side's database
// (from /proc), and how much CPU other work on the machine took meanwhile: what a request costs
// does not depend on how the two cores happened to be shared.
//
//   npm run bench:scale -- [--seconds 3] [--rounds 4] [--connections 32] [--large 1000000]
//
// Nodes run as `npm start` does (packages/server/dist/main.js), request logs off, no rate limit.
// Results: stdout (Markdown) and bench/results/scale.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { measureCpu } from "./cpu.js";
import { fillDatabase, workingSet } from "./fill.js";
import { startNode, type Node } from "./node.js";
import { createPostgresDatabase, postgresUnavailableReason, type TestPostgresDatabase } from "@codat/test-kit/postgres";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "4" },
    connections: { type: "string", default: "32" },
    small: { type: "string", default: "1000" },
    large: { type: "string", default: "1000000" },
  },
});
const duration = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const SMALL = Number(values.small);
const LARGE = Number(values.large);
const WORKING_SET = Math.min(1000, SMALL);

const unavailable = await postgresUnavailableReason();
if (unavailable) throw new Error(`${unavailable}: this benchmark needs PostgreSQL (TEST_DATABASE_URL)`);

interface Sample {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time per request, µs: the node(s) under load and their database's PostgreSQL backends. */
  nodeCpuUs?: number | undefined;
  postgresCpuUs?: number | undefined;
  /** Cores' worth of CPU that other work on the machine took during the sample. */
  otherCores?: number | undefined;
}

type Route = (companyId: string) => string;
const tokenRoute: Route = (id) => `/companies/${id}/connectionManagement/accessToken`;
const pageRoute: Route = (id) => `/companies/${id}/connections?page=1&pageSize=100`;

/** The database name in a PostgreSQL URL (its backends' command lines carry it). */
const databaseOf = (url: string): string | undefined => (url.startsWith("sqlite:") ? undefined : new URL(url).pathname.slice(1));

/** autocannon against each target at once, `connections` split evenly; summed throughput. */
async function load(targets: Array<{ node: Node; companyIds: string[] }>, route: Route, database: string | undefined, seconds = duration): Promise<Sample> {
  const cpu = measureCpu(targets.map(({ node }) => node.pid), database);
  const results = await Promise.all(
    targets.map(({ node, companyIds }) =>
      autocannon({
        url: node.url,
        connections: Math.max(1, Math.round(connections / targets.length)),
        duration: seconds,
        headers: { authorization: node.authorization },
        requests: [
          {
            method: "GET",
            setupRequest: (request) => ({ ...request, path: route(companyIds[Math.floor(Math.random() * companyIds.length)]!) }),
          },
        ],
      }),
    ),
  );
  const used = cpu();
  for (const result of results) {
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  const perRequestUs = (cpuSeconds: number | undefined) => (cpuSeconds === undefined ? undefined : Math.round((cpuSeconds / requests) * 1e6));
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    nodeCpuUs: perRequestUs(used.nodes),
    postgresCpuUs: perRequestUs(used.postgres),
    otherCores: used.other === undefined ? undefined : used.other / used.wallSeconds,
  };
}

/** The mean of a side's runs in one round, field by field. */
function meanSample(list: Sample[]): Sample {
  const mean = (key: keyof Sample) => {
    const values = list.map((s) => s[key]);
    return values.every((v): v is number => v !== undefined) ? values.reduce((x, y) => x + y, 0) / values.length : undefined;
  };
  return {
    requestsPerSecond: mean("requestsPerSecond")!,
    p50Ms: mean("p50Ms")!,
    p99Ms: mean("p99Ms")!,
    nodeCpuUs: mean("nodeCpuUs"),
    postgresCpuUs: mean("postgresCpuUs"),
    otherCores: mean("otherCores"),
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
const nodes: Node[] = [];
const databases: TestPostgresDatabase[] = [];
const started = async (options: Parameters<typeof startNode>[0]) => {
  const node = await startNode(options);
  nodes.push(node);
  return node;
};
try {
  const smallPg = await createPostgresDatabase();
  const largePg = await createPostgresDatabase();
  databases.push(smallPg, largePg);
  const sqliteUrl = `sqlite:${path.join(dataDir, "bench.sqlite")}`;

  const sqlite = await started({ databaseUrl: sqliteUrl, dataDir });
  const pgA = await started({ databaseUrl: smallPg.url, dataDir });
  // A second node of the same deployment: same database, secret and public URL (token issuer).
  const pgB = await started({ databaseUrl: smallPg.url, dataDir, publicUrl: pgA.url });
  // The database-size pair reads the database on every request (no in-process cache), so it
  // measures what the size costs rather than how often the 1 s cache happens to hit.
  const uncached = { CACHE_TTL_MS: "0" };
  const smallUncached = await started({ databaseUrl: smallPg.url, dataDir, env: uncached });
  const large = await started({ databaseUrl: largePg.url, dataDir, env: uncached });
  // The default-cache pair has nodes of its own too (not pgA, which the other comparisons load).
  const smallCached = await started({ databaseUrl: smallPg.url, dataDir });
  const largeCached = await started({ databaseUrl: largePg.url, dataDir });

  const fillTimes: Record<string, number> = {};
  for (const [name, url, count] of [
    ["sqlite", sqliteUrl, SMALL],
    ["postgres small", smallPg.url, SMALL],
    ["postgres large", largePg.url, LARGE],
  ] as const) {
    const t0 = performance.now();
    await fillDatabase(url, count);
    fillTimes[name] = Math.round(performance.now() - t0);
    process.stderr.write(`filled ${name}: ${count} companies, 2 connections each, in ${fillTimes[name]} ms\n`);
  }
  const smallSet = workingSet(SMALL, WORKING_SET);
  const largeSet = workingSet(LARGE, WORKING_SET);

  const small = databaseOf(smallPg.url);
  const big = databaseOf(largePg.url);
  const runs = {
    sqliteToken: () => load([{ node: sqlite, companyIds: smallSet }], tokenRoute, undefined),
    postgresToken: () => load([{ node: pgA, companyIds: smallSet }], tokenRoute, small),
    twoNodesToken: () => load([{ node: pgA, companyIds: smallSet }, { node: pgB, companyIds: smallSet }], tokenRoute, small),
    smallUncachedToken: () => load([{ node: smallUncached, companyIds: smallSet }], tokenRoute, small),
    largeToken: () => load([{ node: large, companyIds: largeSet }], tokenRoute, big),
    smallCachedToken: () => load([{ node: smallCached, companyIds: smallSet }], tokenRoute, small),
    largeCachedToken: () => load([{ node: largeCached, companyIds: largeSet }], tokenRoute, big),
    smallPage: () => load([{ node: smallUncached, companyIds: smallSet }], pageRoute, small),
    largePage: () => load([{ node: large, companyIds: largeSet }], pageRoute, big),
  };
  type RunName = keyof typeof runs;

  // Each comparison's sides run back to back, A B B A (B A A B in the next round), and its ratio
  // is the median of the per-round ratios: the machine's load, shared with other work and
  // drifting, then weighs on both sides alike, and neither side is more often the first.
  const comparisons = {
    postgresVsSqliteToken: { label: "token issuance: PostgreSQL ÷ SQLite (one node each)", a: "postgresToken", b: "sqliteToken" },
    twoNodesVsOneToken: { label: "token issuance: two nodes ÷ one node (PostgreSQL)", a: "twoNodesToken", b: "postgresToken" },
    largeVsSmallToken: { label: `token issuance: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (PostgreSQL, cache off)`, a: "largeToken", b: "smallUncachedToken" },
    largeVsSmallCachedToken: { label: `token issuance: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (PostgreSQL, default 1 s cache)`, a: "largeCachedToken", b: "smallCachedToken" },
    largeVsSmallPage: { label: `one page of a company's connections: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (cache off)`, a: "largePage", b: "smallPage" },
  } satisfies Record<string, { label: string; a: RunName; b: RunName }>;
  type Comparison = keyof typeof comparisons;

  // Warm-up: JIT, connection pools, PostgreSQL's buffer cache.
  for (const run of Object.values(runs)) await run();
  const samples = Object.fromEntries(Object.keys(comparisons).map((name) => [name, { a: [] as Sample[], b: [] as Sample[] }])) as Record<Comparison, { a: Sample[]; b: Sample[] }>;
  const everyRun: Array<{ comparison: Comparison; round: number; position: number; side: "a" | "b" } & Sample> = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [name, { a, b }] of Object.entries(comparisons) as Array<[Comparison, { a: RunName; b: RunName }]>) {
      const order: Array<"a" | "b"> = round % 2 === 1 ? ["a", "b", "b", "a"] : ["b", "a", "a", "b"];
      const taken: Record<"a" | "b", Sample[]> = { a: [], b: [] };
      for (const [position, side] of order.entries()) {
        const sample = await runs[side === "a" ? a : b]();
        taken[side].push(sample);
        everyRun.push({ comparison: name, round, position: position + 1, side, ...sample });
      }
      // A round's sample of a side: the mean of its two runs (throughput, latency, CPU).
      for (const side of ["a", "b"] as const) samples[name][side].push(meanSample(taken[side]));
    }
    process.stderr.write(`round ${round}/${rounds} done\n`);
  }
  /** The median; for an even count the mean of the middle two. */
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const medianOf = (list: Sample[], key: keyof Sample) => {
    const values = list.map((s) => s[key]).filter((v): v is number => v !== undefined);
    return values.length === list.length ? median(values) : undefined;
  };
  const sideSummary = (list: Sample[]): Sample => ({
    requestsPerSecond: medianOf(list, "requestsPerSecond")!,
    p50Ms: medianOf(list, "p50Ms")!,
    p99Ms: medianOf(list, "p99Ms")!,
    nodeCpuUs: medianOf(list, "nodeCpuUs"),
    postgresCpuUs: medianOf(list, "postgresCpuUs"),
    otherCores: medianOf(list, "otherCores"),
  });
  const cpuOf = (s: Sample) => (s.nodeCpuUs === undefined ? undefined : s.nodeCpuUs + (s.postgresCpuUs ?? 0));
  const summary = Object.fromEntries(
    (Object.keys(comparisons) as Comparison[]).map((name) => {
      const { a, b } = samples[name];
      const ratios = a.map((s, i) => s.requestsPerSecond / b[i]!.requestsPerSecond);
      // CPU per request of B over A's: the throughput ratio the cost of a request alone predicts.
      const cpuRatios = a.map((s, i) => {
        const [ca, cb] = [cpuOf(s), cpuOf(b[i]!)];
        return ca === undefined || cb === undefined ? undefined : cb / ca;
      });
      return [
        name,
        {
          ratio: median(ratios),
          roundRatios: ratios.map((r) => Math.round(r * 1000) / 1000),
          cpuRatio: cpuRatios.every((r) => r !== undefined) ? median(cpuRatios as number[]) : undefined,
          a: sideSummary(a),
          b: sideSummary(b),
        },
      ];
    }),
  ) as Record<Comparison, { ratio: number; roundRatios: number[]; cpuRatio: number | undefined; a: Sample; b: Sample }>;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    settings: { connections, durationSeconds: duration, rounds, small: SMALL, large: LARGE, workingSet: WORKING_SET, connectionsPerCompany: 2 },
    fillMs: fillTimes,
    summary,
    samples,
    runs: everyRun,
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "scale.json"), `${JSON.stringify(result, null, 2)}\n`);

  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  const side = (s: Sample) => `${fmt(s.requestsPerSecond)} (p50 ${s.p50Ms} / p99 ${s.p99Ms} ms)`;
  const coresOf = (cores: number | undefined) => (cores === undefined ? "–" : cores.toFixed(2));
  const cpu = (s: Sample) => (s.nodeCpuUs === undefined ? "–" : `${fmt(s.nodeCpuUs)} + ${s.postgresCpuUs === undefined ? "–" : fmt(s.postgresCpuUs)}`);
  console.log(
    [
      `autocannon -c ${connections} in total, A B B A runs of ${duration} s × ${rounds} rounds, ${result.machine.cpus} cores, Node ${process.version}`,
      "",
      "| comparison | ratio (median of rounds) | per-round ratios | first side req/s (median) | second side req/s (median) |",
      "| --- | ---: | --- | ---: | ---: |",
      ...(Object.keys(comparisons) as Comparison[]).map(
        (name) =>
          `| ${comparisons[name].label} | ${summary[name].ratio.toFixed(2)} | ${summary[name].roundRatios.map((r) => r.toFixed(2)).join(", ")} | ${side(summary[name].a)} | ${side(summary[name].b)} |`,
      ),
      "",
      "CPU per request, µs (node + its database's PostgreSQL backends), medians of rounds; other load on the machine in cores:",
      "",
      "| comparison | first side | second side | second ÷ first | other load (first / second) |",
      "| --- | ---: | ---: | ---: | ---: |",
      ...(Object.keys(comparisons) as Comparison[]).map((name) => {
        const { a, b, cpuRatio } = summary[name];
        return `| ${comparisons[name].label} | ${cpu(a)} | ${cpu(b)} | ${cpuRatio === undefined ? "–" : cpuRatio.toFixed(2)} | ${coresOf(a.otherCores)} / ${coresOf(b.otherCores)} |`;
      }),
    ].join("\n"),
  );
} finally {
  await Promise.all(nodes.map((node) => node.stop()));
  for (const database of databases) await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
