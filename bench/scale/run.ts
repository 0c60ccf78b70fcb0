// Scale-out benchmark, every ratio measured side by side in one run (autocannon, rounds
// interleaved so that the machine's drift hits both sides alike):
//   1. token throughput, PostgreSQL vs SQLite (one node each, same data);
//   2. one node vs two nodes on one PostgreSQL database (two processes, the same total number
//      of connections split across them);
//   3. 1 000 000 companies vs 1 000 in the database (PostgreSQL): token issuance and one page
//      of a company's connections.
// Each request names a company picked at random from a working set of 1 000 companies in every
// database (spread over the whole table in the large one). The two database sizes are compared
// on nodes with the in-process cache off (CACHE_TTL_MS=0): every request reads the database,
// so only its size differs.
//
//   npm run bench:scale -- [--seconds 5] [--rounds 3] [--connections 32] [--large 1000000]
//
// Nodes run as `npm start` does (packages/server/dist/main.js), request logs off, no rate limit.
// Results: stdout (Markdown) and bench/results/scale.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { fillDatabase, workingSet } from "./fill.js";
import { startNode, type Node } from "./node.js";
import { createPostgresDatabase, postgresUnavailableReason, type TestPostgresDatabase } from "../../packages/server/test/helpers/postgres.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
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
}

type Route = (companyId: string) => string;
const tokenRoute: Route = (id) => `/companies/${id}/connectionManagement/accessToken`;
const pageRoute: Route = (id) => `/companies/${id}/connections?page=1&pageSize=100`;

/** autocannon against each target at once, `connections` split evenly; summed throughput. */
async function load(targets: Array<{ node: Node; companyIds: string[] }>, route: Route, seconds = duration): Promise<Sample> {
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
  for (const result of results) {
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
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

  const runs = {
    sqliteToken: () => load([{ node: sqlite, companyIds: smallSet }], tokenRoute),
    postgresToken: () => load([{ node: pgA, companyIds: smallSet }], tokenRoute),
    twoNodesToken: () => load([{ node: pgA, companyIds: smallSet }, { node: pgB, companyIds: smallSet }], tokenRoute),
    smallUncachedToken: () => load([{ node: smallUncached, companyIds: smallSet }], tokenRoute),
    largeToken: () => load([{ node: large, companyIds: largeSet }], tokenRoute),
    largeCachedToken: () => load([{ node: largeCached, companyIds: largeSet }], tokenRoute),
    smallPage: () => load([{ node: smallUncached, companyIds: smallSet }], pageRoute),
    largePage: () => load([{ node: large, companyIds: largeSet }], pageRoute),
  };
  type RunName = keyof typeof runs;

  // Each comparison is a pair of runs made back to back (in alternating order from round to
  // round), and its ratio is the median of the per-round ratios: the machine's load, shared
  // with other work and drifting, then weighs on both sides alike.
  const comparisons = {
    postgresVsSqliteToken: { label: "token issuance: PostgreSQL ÷ SQLite (one node each)", a: "postgresToken", b: "sqliteToken" },
    twoNodesVsOneToken: { label: "token issuance: two nodes ÷ one node (PostgreSQL)", a: "twoNodesToken", b: "postgresToken" },
    largeVsSmallToken: { label: `token issuance: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (PostgreSQL, cache off)`, a: "largeToken", b: "smallUncachedToken" },
    largeVsSmallCachedToken: { label: `token issuance: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (PostgreSQL, default 1 s cache)`, a: "largeCachedToken", b: "postgresToken" },
    largeVsSmallPage: { label: `one page of a company's connections: ${LARGE.toLocaleString("en")} ÷ ${SMALL.toLocaleString("en")} companies (cache off)`, a: "largePage", b: "smallPage" },
  } satisfies Record<string, { label: string; a: RunName; b: RunName }>;
  type Comparison = keyof typeof comparisons;

  // Warm-up: JIT, connection pools, PostgreSQL's buffer cache.
  for (const run of Object.values(runs)) await run();
  const samples = Object.fromEntries(Object.keys(comparisons).map((name) => [name, { a: [] as Sample[], b: [] as Sample[] }])) as Record<Comparison, { a: Sample[]; b: Sample[] }>;
  for (let round = 1; round <= rounds; round++) {
    for (const [name, { a, b }] of Object.entries(comparisons) as Array<[Comparison, { a: RunName; b: RunName }]>) {
      if (round % 2 === 1) {
        samples[name].a.push(await runs[a]());
        samples[name].b.push(await runs[b]());
      } else {
        samples[name].b.push(await runs[b]());
        samples[name].a.push(await runs[a]());
      }
    }
    process.stderr.write(`round ${round}/${rounds} done\n`);
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const summary = Object.fromEntries(
    (Object.keys(comparisons) as Comparison[]).map((name) => {
      const { a, b } = samples[name];
      return [
        name,
        {
          ratio: median(a.map((s, i) => s.requestsPerSecond / b[i]!.requestsPerSecond)),
          a: { requestsPerSecond: median(a.map((s) => s.requestsPerSecond)), p50Ms: median(a.map((s) => s.p50Ms)), p99Ms: median(a.map((s) => s.p99Ms)) },
          b: { requestsPerSecond: median(b.map((s) => s.requestsPerSecond)), p50Ms: median(b.map((s) => s.p50Ms)), p99Ms: median(b.map((s) => s.p99Ms)) },
        },
      ];
    }),
  ) as Record<Comparison, { ratio: number; a: Sample; b: Sample }>;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    settings: { connections, durationSeconds: duration, rounds, small: SMALL, large: LARGE, workingSet: WORKING_SET, connectionsPerCompany: 2 },
    fillMs: fillTimes,
    summary,
    samples,
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", "scale.json"), `${JSON.stringify(result, null, 2)}\n`);

  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  const side = (s: Sample) => `${fmt(s.requestsPerSecond)} (p50 ${s.p50Ms} / p99 ${s.p99Ms} ms)`;
  console.log(
    [
      `autocannon -c ${connections} in total, pairs of ${duration} s runs × ${rounds} rounds, ${result.machine.cpus} cores, Node ${process.version}`,
      "",
      "| comparison | ratio (median of rounds) | first side req/s (median) | second side req/s (median) |",
      "| --- | ---: | ---: | ---: |",
      ...(Object.keys(comparisons) as Comparison[]).map(
        (name) => `| ${comparisons[name].label} | ${summary[name].ratio.toFixed(2)} | ${side(summary[name].a)} | ${side(summary[name].b)} |`,
      ),
    ].join("\n"),
  );
} finally {
  await Promise.all(nodes.map((node) => node.stop()));
  for (const database of databases) await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
