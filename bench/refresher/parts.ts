// What each step of one background refresh costs, measured apart in this process (the steps
// the refresher runs per grant: services/grant-refresh.ts), so that the benchmark's CPU per
// refresh (./run.ts) can be split:
//   - the call to the token endpoint, four ways: undici's Pool.request (the least an HTTP
//     client can do), undici's fetch, the server's platformFetch (undici's request, the body
//     read whole into one Response) plus .json(), and `refreshTokens` (oauth4webapi's refresh
//     grant over the same, through the token-endpoint wrapper): what the refresher calls;
//   - sealing: opening the refresh token and sealing the two new ones (AES-256-GCM);
//   - the UPDATEs: `renewClaim` (before a call whose claim is no longer fresh), `saveRefreshedTokens`
//     of one refresh alone and of 32 together (as the refresher groups them under load), and the
//     claim (`claimDueRefreshes`, 200 at a time, over 100 000 due grants), on SQLite and PostgreSQL, with the server's own
//     database setup (openDatabase: one SQLite connection; a pg pool of 10).
// Calls run `--concurrency` at a time (32, the refresher's default), `--ops` of each after a
// warm-up; per call: wall time (the rate at that concurrency), this process's CPU, and the CPU
// of the database's PostgreSQL backends. The token endpoint runs in its own process.
//
//   node --import tsx bench/refresher/parts.ts [--ops 5000] [--concurrency 32] [--connections 100000]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import * as oauth from "oauth4webapi";
import { fetch as undiciFetch, request as undiciRequest, Agent, Pool } from "undici";
import { createPostgresDatabase, postgresUnavailableReason } from "@codat/test-kit/postgres";
import { refreshTokens } from "../../packages/server/src/oauth/client.js";
import { platformFetch } from "../../packages/server/src/oauth/outbound.js";
import { toDefinition } from "../../packages/server/src/services/platform-apps.js";
import { openDatabase } from "../../packages/server/src/storage/dialect.js";
import { claimDueRefreshes, credentialsAssociatedData, renewClaim, saveRefreshedTokens } from "../../packages/server/src/storage/repositories/connection-credentials.js";
import { SecretBox } from "../../packages/server/src/tokens/secret-box.js";
import { measureCpu } from "../scale/cpu.js";
import { APP_CLIENT_ID, APP_CLIENT_SECRET, connectionId, seedLinkedConnections } from "./seed.js";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "32" },
    connections: { type: "string", default: "100000" },
  },
});
const OPS = Number(values.ops);
const CONCURRENCY = Number(values.concurrency);
const CONNECTIONS = Number(values.connections);
const SECRET = "refresher-parts-secret-0123456789abcdef";

interface Part {
  part: string;
  wallUs: number;
  cpuUs: number;
  postgresUs?: number | undefined;
}
const parts: Part[] = [];

/** Runs `op(i)` for i in [from, from + count), `concurrency` at a time. */
async function drive(count: number, concurrency: number, op: (i: number) => Promise<unknown>, from = 0): Promise<void> {
  let next = from;
  const end = from + count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) await op(next++);
    }),
  );
}

/** Measures `count` calls (after `warm` unmeasured ones); `units` how many the result is divided by. */
async function measure(
  part: string,
  op: (i: number) => Promise<unknown>,
  options: { count?: number; warm?: number; concurrency?: number; database?: string; units?: number; from?: number } = {},
): Promise<void> {
  const count = options.count ?? OPS;
  const warm = options.warm ?? Math.round(count / 5);
  const concurrency = options.concurrency ?? CONCURRENCY;
  const from = options.from ?? 0;
  await drive(warm, concurrency, op, from);
  const cpu = measureCpu([], options.database);
  const self = process.cpuUsage();
  const t0 = performance.now();
  await drive(count, concurrency, op, from + warm);
  const wall = performance.now() - t0;
  const used = process.cpuUsage(self);
  const pg = cpu().postgres;
  const units = options.units ?? count;
  parts.push({
    part,
    wallUs: (wall * 1000) / units,
    cpuUs: (used.user + used.system) / units,
    postgresUs: pg === undefined ? undefined : (pg * 1e6) / units,
  });
  process.stderr.write(`${part}: done\n`);
}

// The token endpoint, in its own process.
const child = spawn(process.execPath, [new URL("any-token-endpoint.mjs", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
const [line] = (await once(child.stdout!, "data")) as [Buffer];
const tokenUrl = String(line).trim();
const dir = mkdtempSync(path.join(tmpdir(), "bench-refresher-parts-"));
try {
  const form = (i: number) => `grant_type=refresh_token&refresh_token=rt-${i}`;
  const authorization = `Basic ${Buffer.from(`${APP_CLIENT_ID}:${APP_CLIENT_SECRET}`).toString("base64")}`;
  const headers = { authorization, "content-type": "application/x-www-form-urlencoded;charset=UTF-8", accept: "application/json" };
  const url = new URL(tokenUrl);

  const pool = new Pool(url.origin, { connections: CONCURRENCY, keepAliveTimeout: 10_000 });
  await measure("HTTP: undici Pool.request, body read as text", async (i) => {
    const response = await pool.request({ method: "POST", path: url.pathname, headers, body: form(i) });
    return response.body.text();
  });
  await pool.close();

  const agent = new Agent({ keepAliveTimeout: 10_000 });
  await measure("HTTP: undici fetch, body read as text", async (i) => {
    const response = await undiciFetch(tokenUrl, { method: "POST", headers, body: form(i), dispatcher: agent });
    return response.text();
  });
  await agent.close();

  const policy = { allowPrivate: true, timeoutMs: 15_000 };
  const fetchOfServer = platformFetch(policy);
  await measure("HTTP: the server's platformFetch, then .json()", async (i) => {
    const response = await fetchOfServer(tokenUrl, { method: "POST", headers, body: new URLSearchParams(form(i)) });
    return response.json();
  });

  const definition = toDefinition({ authorizeUrl: `${url.origin}/authorize`, tokenUrl, apiBaseUrl: `${url.origin}/api`, clientAuthentication: "client_secret_basic" });
  const app = { clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET, scopes: null };
  await measure("HTTP + OAuth: refreshTokens (oauth4webapi over platformFetch), as the refresher calls it", (i) =>
    refreshTokens({ definition, app, values: {}, refreshToken: `rt-${i}`, policy, now: () => new Date() }),
  );

  // What a leaner customFetch could give oauth4webapi: undici.request (no fetch machinery),
  // the body read once into the one Response oauth4webapi parses. Not the server's code.
  const requestAgent = new Agent({ keepAliveTimeout: 10_000 });
  const requestFetch = async (input: string, init: RequestInit): Promise<Response> => {
    const response = await undiciRequest(input, {
      method: "POST",
      headers: init.headers as Record<string, string>,
      body: String(init.body),
      dispatcher: requestAgent,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    const answerHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") answerHeaders.set(name, value);
    return new Response(body, { status: response.statusCode, headers: answerHeaders });
  };
  const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: tokenUrl };
  const client: oauth.Client = { client_id: APP_CLIENT_ID };
  await measure("HTTP + OAuth, a possible customFetch: oauth4webapi's refresh grant over undici.request, one Response", async (i) => {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretBasic(APP_CLIENT_SECRET), `rt-${i}`, {
      [oauth.customFetch]: requestFetch as typeof fetch,
      [oauth.allowInsecureRequests]: true,
    });
    return oauth.processRefreshTokenResponse(as, client, response);
  });
  await requestAgent.close();

  const box = SecretBox.fromSecret(SECRET);
  const sealedRefresh = box.sealText("rt-0123456789abcdefghijklmnopqrstuvwx", credentialsAssociatedData(connectionId(0), "refresh"));
  await measure(
    "sealing: open the refresh token, seal the new access and refresh tokens",
    async (i) => {
      const id = connectionId(i % 1000);
      box.openText(sealedRefresh, credentialsAssociatedData(connectionId(0), "refresh"));
      box.sealText("at-0123456789abcdefghijklmnopqrstuvwx", credentialsAssociatedData(id, "access"));
      box.sealText("rt-0123456789abcdefghijklmnopqrstuvwx", credentialsAssociatedData(id, "refresh"));
    },
    { concurrency: 1 },
  );

  // The database steps, on a database seeded as the benchmark seeds it.
  const targets: Array<{ name: string; url: string; drop?: () => Promise<void> }> = [{ name: "SQLite", url: `sqlite:${path.join(dir, "parts.sqlite")}` }];
  if ((await postgresUnavailableReason()) === undefined) {
    const pg = await createPostgresDatabase();
    targets.push({ name: "PostgreSQL", url: pg.url, drop: pg.drop });
  }
  for (const target of targets) {
    const now = Date.now();
    await seedLinkedConnections({
      databaseUrl: target.url,
      signingKeySecret: SECRET,
      apiKey: "refresher-parts-api-key-0123456789",
      connections: CONNECTIONS,
      connectionsPerCompany: 100,
      tokenUrl,
      apiBaseUrl: `${url.origin}/api`,
      accessToken: (i) => `at-seeded-${i}`,
      refreshToken: (i) => `rt-seeded-${i}`,
      refreshDue: (i) => new Date(now - 3_600_000 + Math.floor((i * 3_600_000) / CONNECTIONS)),
      expires: (i) => new Date(now - 3_300_000 + Math.floor((i * 3_600_000) / CONNECTIONS)),
    });
    const database = target.name === "PostgreSQL" ? new URL(target.url).pathname.slice(1) : undefined;
    const { db } = openDatabase(target.url);
    try {
      const batches = Math.max(5, Math.floor(OPS / 200));
      await measure(
        `${target.name}: claimDueRefreshes, 200 a round (per grant claimed)`,
        async () => {
          const claimed = await claimDueRefreshes(db, { now: new Date(), limit: 200, leaseMs: 30_000, claimId: `claim-${Math.random()}` });
          if (claimed.length !== 200) throw new Error(`claimed ${claimed.length}`);
        },
        { count: batches, warm: 2, concurrency: 1, database, units: batches * 200 },
      );
      // The UPDATE runs on rows claimed by one claim id, past the ones the claims took.
      const first = (batches + 2) * 200;
      await sql`UPDATE connection_credentials SET claim_id = 'parts', claimed_until = ${new Date(now + 600_000).toISOString()} WHERE connection_id >= ${connectionId(first)}`.execute(db);
      const later = new Date(now + 1_500_000).toISOString();
      const renewals = Math.min(OPS, Math.floor((CONNECTIONS - first) / 1.2));
      await measure(
        `${target.name}: renewClaim, one UPDATE before a call whose claim is no longer fresh`,
        async (i) => {
          if (!(await renewClaim(db, { connectionId: connectionId(i), claimId: "parts", version: 1, now: new Date(), leaseMs: 30_000 }))) throw new Error("not renewed");
        },
        { count: renewals, from: first, database },
      );
      const sealedAccess = box.sealText("at-0123456789abcdefghijklmnopqrstuvwx", "x");
      const tokensAt = (stamp: string) => ({
        accessTokenSealed: sealedAccess,
        refreshTokenSealed: sealedAccess,
        tokenType: "Bearer",
        scopes: null,
        expires: later,
        refreshDue: later,
        now: stamp,
      });
      const saves = Math.min(OPS, CONNECTIONS - first - OPS);
      await measure(
        `${target.name}: saveRefreshedTokens, one refresh alone`,
        async (i) => {
          const saved = await saveRefreshedTokens(db, [{ connectionId: connectionId(i), claimId: "parts", tokens: tokensAt(new Date().toISOString()) }]);
          if (saved.size !== 1) throw new Error("not saved");
        },
        { count: saves, from: first, database },
      );
      // The refreshes that finished meanwhile, saved together: one statement (and one commit)
      // per group, each row still only under its own claim.
      const GROUP = 32;
      const groupFrom = first + saves + Math.round(saves / 5);
      const groups = Math.floor(Math.min(OPS, (CONNECTIONS - groupFrom) / 1.2) / GROUP);
      await measure(
        `${target.name}: saveRefreshedTokens, ${GROUP} refreshes in one statement (per refresh)`,
        async (g) => {
          const stamp = new Date().toISOString();
          const writes = Array.from({ length: GROUP }, (_, k) => ({ connectionId: connectionId(groupFrom + g * GROUP + k), claimId: "parts", tokens: tokensAt(stamp) }));
          const saved = await saveRefreshedTokens(db, writes);
          if (saved.size !== GROUP) throw new Error(`saved ${saved.size} of ${GROUP}`);
        },
        { count: groups, warm: Math.round(groups / 5), concurrency: 1, database, units: groups * GROUP, from: 0 },
      );
    } finally {
      await db.destroy();
      await target.drop?.();
    }
  }
} finally {
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (n: number | undefined) => (n === undefined ? "–" : n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en"));
console.log(
  [
    `${OPS} calls each (after a warm-up), ${CONCURRENCY} at a time unless noted; ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(2)}`,
    "",
    "| step | wall µs / call (at that concurrency) | CPU µs / call, this process | CPU µs / call, PostgreSQL |",
    "| --- | ---: | ---: | ---: |",
    ...parts.map((p) => `| ${p.part} | ${fmt(p.wallUs)} | ${fmt(p.cpuUs)} | ${fmt(p.postgresUs)} |`),
  ].join("\n"),
);
