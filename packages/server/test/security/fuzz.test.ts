// Fuzzing with fast-check, driven by the route schemas of /openapi.json: 10 000 generated
// requests (fixed seed, so a failure reproduces) with malformed and oversized bodies, query
// strings, path parameters and headers, unicode and control characters (NUL inside otherwise
// valid fields), out-of-range numbers, plus raw requests no HTTP library would send. Required:
// zero 5xx, every error body an ErrorMessage, and every refused write leaves the database
// exactly as it was (fingerprint of every table's rows). On SQLite and, with fewer requests
// (what differs is how the engine takes the values that reach it), on PostgreSQL.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import fc from "fast-check";
import { apiClient } from "@codat/test-kit/api";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { errorMessageProblem } from "./helpers/errors.js";
import { fuzzRequest, type FuzzRequest } from "./helpers/fuzz-requests.js";
import { httpClient, mapConcurrent, sendRaw, type HttpClient, type RawResponse } from "./helpers/http.js";
import { listRoutes } from "./helpers/routes.js";
import { databaseFingerprint, rowCounts, sqliteCommitWatcher } from "./helpers/snapshot.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const HTTP_REQUESTS = { sqlite: 9_400, postgres: 3_000 } as const;
const RAW_REQUESTS = 600;
const BODY_LIMIT = 16_384;
const READ_CONCURRENCY = 16;
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

interface Finding {
  request: string;
  problem: string;
}

/** The problem with an answer, if any: a 5xx, or an error body that is not an ErrorMessage. */
function problemWith(method: string, res: RawResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}: ${res.text.slice(0, 200)}`;
  if (res.status < 400 || method === "HEAD") return undefined;
  const problem = errorMessageProblem(res.status, res.text, res.headers["x-correlation-id"]);
  return problem && `${res.status} ${problem}: ${res.text.slice(0, 200)}`;
}

forEachDialect("fuzzing the HTTP API", (dialect) => {
  let server: TestServer;
  let http: HttpClient;
  let cases: FuzzRequest[];
  const findings: Finding[] = [];

  before(async () => {
    server = await startTestServer({ dialect, env: { BODY_LIMIT_BYTES: String(BODY_LIMIT), MAX_COMPANIES_PER_CLIENT: "40" } });
    http = httpClient(server.url, READ_CONCURRENCY + 1);
    const api = apiClient(server);
    const other = await server.createClient("Other client");
    const apiOther = apiClient({ url: server.url, authHeader: other.authHeader });
    const seedCompany = async (call: typeof api) => {
      const companyId = (await call("POST", "/companies", { body: { name: "Fuzz Target" } })).body.id as string;
      const connectionId = (await call("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "mqjo" } })).body.id as string;
      const token = (await call("GET", "/companies/{companyId}/connectionManagement/accessToken", { params: { companyId } })).body.accessToken as string;
      const apiKeyId = (await call("POST", "/apiKeys", { body: { name: "spare" } })).body.id as string;
      return { companyId, connectionId, token, apiKeyId };
    };
    const own = await seedCompany(api);
    const theirs = await seedCompany(apiOther);
    const routes = await listRoutes(server.url);
    const targets = {
      ids: {
        companyId: [own.companyId, theirs.companyId],
        connectionId: [own.connectionId, theirs.connectionId],
        apiKeyId: [own.apiKeyId, theirs.apiKeyId],
        webhookId: [theirs.companyId],
        platformKey: ["mqjo", "gbol", "zzzz"],
      },
      authorizations: [server.authHeader, `Bearer ${own.token}`, `Bearer ${theirs.token}`, other.authHeader],
    };
    cases = fc.sample(fuzzRequest(routes, targets, BODY_LIMIT), { seed: SEED, numRuns: HTTP_REQUESTS[dialect] });
  });
  after(async () => {
    http?.close();
    await server?.close();
  });

  it(`answers ${HTTP_REQUESTS[dialect]} generated requests: no 5xx, ErrorMessage errors, refused writes change nothing`, async () => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const describeCase = (c: FuzzRequest, index: number) => `#${index} ${c.method} ${c.path.slice(0, 160)} (${c.route}, seed ${SEED})`;
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const indexed = cases.map((c, index) => ({ c, index }));

    // Reads cannot write, so they run concurrently; writes run one at a time. After a refused
    // write, the database must be as it was: when SQLite's commit counter did not move, nothing
    // was committed at all; when it did (the webhook dispatcher commits delivery rows in the
    // background), every row of every table a request could write is compared.
    const reads = mapConcurrent(indexed.filter(({ c }) => READ_METHODS.has(c.method)), READ_CONCURRENCY, async ({ c, index }) => {
      const res = await http.send(c);
      count(res.status);
      const problem = problemWith(c.method, res);
      if (problem) findings.push({ request: describeCase(c, index), problem });
    });
    let refusedWrites = 0;
    let acceptedWrites = 0;
    let fingerprintChecks = 0;
    /** Accepted writes the commit counter saw: proves it moves when the server commits. */
    let committedWrites = 0;
    // PostgreSQL has no such counter: every refused write is compared row by row there.
    let unseen = 0;
    const commits = dialect === "sqlite" ? sqliteCommitWatcher(server.app.context.config.databaseUrl) : { version: () => unseen++, close: () => undefined };
    const writes = (async () => {
      let baseline = await databaseFingerprint(server.db);
      for (const { c, index } of indexed.filter(({ c }) => !READ_METHODS.has(c.method))) {
        const versionBefore = commits.version();
        const res = await http.send(c);
        count(res.status);
        const problem = problemWith(c.method, res);
        if (problem) findings.push({ request: describeCase(c, index), problem });
        if (res.status >= 200 && res.status < 300) {
          acceptedWrites += 1;
          if (commits.version() !== versionBefore) committedWrites += 1;
          baseline = await databaseFingerprint(server.db);
          continue;
        }
        refusedWrites += 1;
        if (commits.version() === versionBefore) continue;
        fingerprintChecks += 1;
        if ((await databaseFingerprint(server.db)) !== baseline) {
          findings.push({ request: describeCase(c, index), problem: `refused with ${res.status} but the database changed` });
          baseline = await databaseFingerprint(server.db);
        }
      }
    })().finally(() => commits.close());
    await Promise.all([reads, writes]);

    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const byStatus = [...statuses.entries()].sort(([x], [y]) => x - y).map(([s, n]) => `${s}:${n}`).join(" ");
    console.log(`fuzz: ${cases.length} requests in ${seconds.toFixed(1)} s, ${cpuSeconds.toFixed(1)} s CPU (seed ${SEED}); writes refused ${refusedWrites} (${fingerprintChecks} after a commit, compared row by row), accepted ${acceptedWrites}; statuses ${byStatus}`);
    console.log(`fuzz: rows after the run ${JSON.stringify(await rowCounts(server.db))}`);
    assert.deepEqual(findings.slice(0, 10), [], `${findings.length} findings`);
    assert.ok(refusedWrites > 1000, "the generator exercises refused writes");
    assert.ok(committedWrites > 0, "the commit counter sees the server's commits");
  });

  // Refused by Node's HTTP parser before any database is involved: once, on SQLite, is enough.
  if (dialect === "sqlite") it(`answers ${RAW_REQUESTS} raw malformed requests (control characters, non-Latin-1 bytes, broken framing) with ErrorMessage`, async () => {
    const pieces = fc.record({
      target: fc.oneof(fc.constantFrom("/companies", "/healthz", "/companies/%zz", "/apiKeys"), fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => `/${Buffer.from(b).toString("latin1")}`)),
      method: fc.oneof(fc.constantFrom("GET", "POST", "DELETE"), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 10 })),
      headerName: fc.oneof(fc.constantFrom("authorization", "content-type", "x-custom"), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 20 })),
      headerValue: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      framing: fc.constantFrom("none", "bad content-length", "two content-lengths", "bad chunk", "huge header"),
    });
    const raw = fc.sample(pieces, { seed: SEED, numRuns: RAW_REQUESTS });
    await mapConcurrent(raw, 8, async (p, index) => {
      let head = `${p.method} ${p.target} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${server.authHeader}`;
      let body = Buffer.alloc(0);
      if (p.framing === "bad content-length") head += "\r\ncontent-length: -5";
      if (p.framing === "two content-lengths") head += "\r\ncontent-length: 2\r\ncontent-length: 3";
      if (p.framing === "bad chunk") {
        head += "\r\ntransfer-encoding: chunked\r\ncontent-type: application/json";
        body = Buffer.from("zz\r\n{}\r\n0\r\n\r\n");
      }
      if (p.framing === "huge header") head += `\r\nx-big: ${"a".repeat(20_000)}`;
      const bytes = Buffer.concat([Buffer.from(head, "latin1"), Buffer.from(`\r\n${p.headerName}: `, "latin1"), p.headerValue]);
      const res = await sendRaw(server.url, bytes, body);
      const problem = res.status === 0 ? "no status line" : problemWith(p.method, res);
      if (problem) findings.push({ request: `raw #${index} ${JSON.stringify(bytes.toString("latin1").slice(0, 120))}`, problem });
    });
    assert.deepEqual(findings.slice(0, 10), [], `${findings.length} findings`);
  });
});
