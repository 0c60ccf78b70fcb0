// Exactly one refresh of a connection in flight anywhere (point 2 of "Connections stay alive"),
// against the kit's authorization server WITH refresh-token rotation, where presenting a spent
// refresh token revokes the whole grant (as Xero does): one double refresh anywhere shows up as
// a reuse, a revoked grant and a Deauthorized connection.
//
// - two server nodes on one PostgreSQL database, each running its background refresher, and
//   API traffic through both nodes' proxies that renews tokens on its own, racing them;
// - the built server as a process with WORKERS=2 on one SQLite file, the same traffic;
// - a refresh whose claim lapsed while it waited in its node's queue (another refresh took the
//   grant meanwhile) is dropped rather than made with a spent refresh token.
//
// 20 connections with 4-second access tokens, refreshed 2 s ahead: the background refreshers
// and the proxy's own renewal aim at the same moment. Between the server and the platform's
// token endpoint sits a relay of this file that follows each grant's chain of refresh tokens, so
// it sees directly whether two refreshes of one grant ever overlap.
//
// REFRESH_RACE_SECONDS (default 30) is how long each race runs. The claim was checked by running
// it for minutes (REFRESH_RACE_SECONDS=300); CI runs the default to stay within its time. Each
// race prints one line of numbers ("refresh race: {...}"). The WORKERS=2 case runs the built
// server: `npm run build -w packages/server` first (`npm test` does).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { REFRESH_LEASE_MS } from "../../src/oauth/refresh-schedule.js";
import { refreshNow } from "../../src/services/grant-refresh.js";
import { openDatabase } from "../../src/storage/dialect.js";
import type { Database } from "../../src/storage/schema.js";
import type { Kysely } from "kysely";
import { DIALECTS } from "@codat/test-kit/dialects";
import { startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { freePort } from "@codat/test-kit/ports";
import { postgresOrSkip } from "@codat/test-kit/postgres";
import { startTestServer } from "@codat/test-kit/server";
import { startServerProcess } from "@codat/test-kit/server-process";

const RACE_SECONDS = Number(process.env.REFRESH_RACE_SECONDS ?? 30);
const CONNECTIONS = 20;
const TOKEN_SECONDS = 4;
const MARGIN_SECONDS = 2;
/** Requests in flight at once through the proxies. */
const CLIENTS = 12;
const POLL_MS = 100;

// --- a relay in front of the token endpoint -------------------------------------------------------

interface TokenRelay {
  url: string;
  /** Where requests go (set once the authorization server runs). */
  target: string;
  refreshes: number;
  /** Refreshes that started while another refresh of the same grant was in flight. */
  overlaps: number;
  /** Refresh tokens presented a second time. */
  reused: number;
  /** The grant (0, 1, ... in order of authorization) each refresh token belongs to. */
  grantOf(refreshToken: string): number | undefined;
  /** Holds the next refresh request until `release` is called; resolves with its grant once it arrives. */
  holdNext(): { arrived: Promise<number>; release(): void };
  close(): Promise<void>;
}

async function startTokenRelay(): Promise<TokenRelay> {
  const grants = new Map<string, number>();
  const presented = new Set<string>();
  const inFlight = new Map<number, number>();
  let nextGrant = 0;
  let hold: { arrive(grant: number): void; released: Promise<void> } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const form = new URLSearchParams(body);
        const refreshToken = form.get("grant_type") === "refresh_token" ? (form.get("refresh_token") ?? "") : undefined;
        const grant = refreshToken === undefined ? nextGrant++ : (grants.get(refreshToken) ?? -1);
        if (refreshToken !== undefined) {
          relay.refreshes += 1;
          if (presented.has(refreshToken)) relay.reused += 1;
          presented.add(refreshToken);
          const running = inFlight.get(grant) ?? 0;
          if (running > 0) relay.overlaps += 1;
          inFlight.set(grant, running + 1);
          const held = hold;
          hold = undefined;
          if (held) {
            held.arrive(grant);
            await held.released;
          }
        }
        try {
          const answer = await fetch(relay.target, {
            method: "POST",
            headers: { "content-type": req.headers["content-type"] ?? "application/x-www-form-urlencoded", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) },
            body,
          });
          const text = await answer.text();
          if (answer.ok) {
            const issued = (JSON.parse(text) as { refresh_token?: string }).refresh_token;
            if (issued) grants.set(issued, grant);
          }
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json", "cache-control": "no-store" }).end(text);
        } catch {
          res.writeHead(502).end();
        } finally {
          if (refreshToken !== undefined) inFlight.set(grant, (inFlight.get(grant) ?? 1) - 1);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relay: TokenRelay = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    target: "",
    refreshes: 0,
    overlaps: 0,
    reused: 0,
    grantOf: (refreshToken) => grants.get(refreshToken),
    holdNext() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<number>((resolve) => (hold = { arrive: resolve, released }));
      return { arrived, release };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return relay;
}

// --- the race ---------------------------------------------------------------------------------------

interface Linked {
  companyId: string;
  connectionId: string;
}

/** `count` connections linked to accounts `${prefix}-0`, ...; `atOnce` at a time (1: the relay numbers their grants in order). */
async function linkMany(platform: OAuthPlatform, count: number, prefix: string, atOnce = 5): Promise<Linked[]> {
  const linked: Linked[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { companyId, connection } = await platform.createConnection(`${prefix} ${i}`);
      const { response, html } = await platform.connectWithFetch(connection.linkUrl, `${prefix}-${i}`);
      assert.equal(response.status, 200, html);
      linked[i] = { companyId, connectionId: connection.id };
    }
  };
  await Promise.all(Array.from({ length: atOnce }, worker));
  return linked;
}

interface Traffic {
  requests: number;
  statuses: Map<number, number>;
  /** A few of the answers that were not 200, to say what went wrong. */
  failures: string[];
}

/** GET …/proxy/api/whoami for random connections through the nodes in turn, CLIENTS at a time, for `seconds`. */
async function proxyTraffic(nodes: Array<{ url: string; authHeader: string }>, linked: Linked[], prefix: string, seconds: number): Promise<Traffic> {
  const traffic: Traffic = { requests: 0, statuses: new Map(), failures: [] };
  const until = Date.now() + seconds * 1000;
  let turn = 0;
  const client = async () => {
    while (Date.now() < until) {
      const index = Math.floor(Math.random() * linked.length);
      const { companyId, connectionId } = linked[index]!;
      const node = nodes[turn++ % nodes.length]!;
      const res = await fetch(`${node.url}/companies/${companyId}/connections/${connectionId}/proxy/api/whoami`, { headers: { authorization: node.authHeader } });
      const text = await res.text();
      traffic.requests += 1;
      traffic.statuses.set(res.status, (traffic.statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200 || (JSON.parse(text) as { account?: string }).account !== `${prefix}-${index}`) {
        if (traffic.failures.length < 5) traffic.failures.push(`${res.status} ${text.slice(0, 300)}`);
      }
      await sleep(5 + Math.random() * 20);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return traffic;
}

/**
 * Stops refreshes from succeeding (the token endpoint answers 503), lets those in flight land,
 * and checks what the race left: no spent refresh token presented, no grant revoked, every
 * connection Linked, each refresh the platform granted stored (the versions add up to them),
 * and about one refresh per connection per 2 s, not one per node.
 */
async function checkOutcome(input: {
  platform: OAuthPlatform;
  relay: TokenRelay;
  db: Kysely<Database>;
  linked: Linked[];
  baseline: Baseline;
  traffic: Traffic;
  seconds: number;
  label: string;
}): Promise<void> {
  const { platform, relay, db, linked, baseline, traffic, seconds, label } = input;
  platform.server.failTokenEndpoint(503);
  await sleep(1500);
  const now = await versionsOf(db);
  const statuses = await db
    .selectFrom("connections")
    .select(["id", "status"])
    .where(
      "id",
      "in",
      linked.map((l) => l.connectionId),
    )
    .execute();
  const perConnection = linked.map((l) => (now.get(l.connectionId) ?? 0) - (baseline.versions.get(l.connectionId) ?? 0));
  const stored = perConnection.reduce((sum, count) => sum + count, 0);
  const { refreshTokenReuse, grantsRevoked } = platform.server.counts;
  const refreshGrants = platform.server.counts.refreshGrants - baseline.refreshGrants;
  const expected = (linked.length * seconds) / (TOKEN_SECONDS - MARGIN_SECONDS);
  const summary = {
    label,
    seconds,
    connections: linked.length,
    proxyRequests: traffic.requests,
    proxyStatuses: Object.fromEntries(traffic.statuses),
    refreshGrants,
    stored,
    expected: Math.round(expected),
    ratio: Number((refreshGrants / expected).toFixed(3)),
    perConnection: { min: Math.min(...perConnection), max: Math.max(...perConnection) },
    refreshTokenReuse,
    grantsRevoked,
    overlaps: relay.overlaps,
    reusedAtRelay: relay.reused,
  };
  console.log(`refresh race: ${JSON.stringify(summary)}`);

  assert.equal(refreshTokenReuse, 0, "a spent refresh token was presented");
  assert.equal(relay.reused, 0);
  assert.equal(relay.overlaps, 0, "two refreshes of one grant were in flight at once");
  assert.equal(grantsRevoked, 0);
  assert.deepEqual(
    statuses.filter((s) => s.status !== "Linked"),
    [],
    "every connection stays Linked",
  );
  assert.deepEqual([...traffic.statuses.keys()], [200], `every proxy answer 200: ${traffic.failures.join(" | ")}`);
  assert.ok(traffic.requests > 0);
  assert.equal(stored, refreshGrants, "every refresh the platform granted was stored");
  // One refresh per connection every ~2 s (plus a poll and a round trip), whichever node makes it.
  assert.ok(summary.ratio > 0.6 && summary.ratio < 1.15, `refreshes: ${refreshGrants}, expected about ${Math.round(expected)}`);
  for (const count of perConnection) assert.ok(count >= (seconds / (TOKEN_SECONDS - MARGIN_SECONDS)) * 0.5, `a connection was refreshed only ${count} times`);
}

/** Where the race starts from: grants linked first have been refreshing while the others were linked. */
interface Baseline {
  refreshGrants: number;
  versions: Map<string, number>;
}

async function versionsOf(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("connection_credentials").select(["connection_id", "version"]).execute();
  return new Map(rows.map((row) => [row.connection_id, Number(row.version)]));
}

/**
 * Counts and versions read at a quiet moment: no grant claimed (a refresh the platform has
 * granted but the server not yet stored holds its claim) and no grant counted meanwhile.
 */
async function baselineOf(platform: OAuthPlatform, db: Kysely<Database>): Promise<Baseline> {
  for (let attempt = 0; ; attempt++) {
    const before = platform.server.counts.refreshGrants;
    const now = new Date().toISOString();
    const rows = await db.selectFrom("connection_credentials").select(["connection_id", "version", "claimed_until"]).execute();
    const claimed = rows.some((row) => row.claimed_until !== null && row.claimed_until >= now);
    if ((!claimed && platform.server.counts.refreshGrants === before) || attempt === 500) {
      assert.ok(attempt < 500, "no quiet moment to start counting from");
      return { refreshGrants: before, versions: new Map(rows.map((row) => [row.connection_id, Number(row.version)])) };
    }
    await sleep(5);
  }
}

const ENV = { PLATFORM_ALLOW_PRIVATE_URLS: "true", REFRESH_POLL_INTERVAL_MS: String(POLL_MS) };

async function racePlatform(t: TestContext, server: { url: string; authHeader: string }): Promise<{ platform: OAuthPlatform; relay: TokenRelay }> {
  const relay = await startTokenRelay();
  t.after(() => relay.close());
  const platform = await startOAuthPlatform(server, {
    authorizationServer: { accessTokenTtlSeconds: TOKEN_SECONDS },
    definition: { refreshMarginSeconds: MARGIN_SECONDS, tokenUrl: relay.url },
  });
  t.after(() => platform.close());
  relay.target = platform.server.tokenUrl;
  return { platform, relay };
}

/** One node with a movable clock, `concurrency` refreshes at a time, its platform's token endpoint behind a relay. */
async function relayedNode(t: TestContext, dialect: (typeof DIALECTS)[number], concurrency: number) {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const server = await startTestServer({ dialect, clock, env: { ...ENV, REFRESH_CONCURRENCY: String(concurrency), REFRESH_POLL_INTERVAL_MS: "20" } });
  t.after(() => server.close());
  const relay = await startTokenRelay();
  t.after(() => relay.close());
  const platform = await startOAuthPlatform(server, { definition: { tokenUrl: relay.url } });
  t.after(() => platform.close());
  relay.target = platform.server.tokenUrl;
  return { server, relay, platform, clock, advance: (ms: number) => (offset += ms) };
}

describe("One refresh per connection", () => {
  it(`two nodes on PostgreSQL: both refreshers and both proxies race for ${RACE_SECONDS} s without a double refresh`, { timeout: (RACE_SECONDS + 120) * 1000 }, async (t) => {
    if (!(await postgresOrSkip(t))) return;
    const server = await startTestServer({ dialect: "postgres", env: ENV });
    t.after(() => server.close());
    const peer = await server.startPeer();
    const { platform, relay } = await racePlatform(t, server);
    const linked = await linkMany(platform, CONNECTIONS, "pg");
    const baseline = await baselineOf(platform, server.db);
    const traffic = await proxyTraffic([server, { url: peer.url, authHeader: server.authHeader }], linked, "pg", RACE_SECONDS);
    await checkOutcome({
      platform,
      relay,
      db: server.db,
      linked,
      baseline,
      traffic,
      seconds: RACE_SECONDS,
      label: "postgres, 2 nodes",
    });
  });

  it(`WORKERS=2 on SQLite: both workers' refreshers and proxies race for ${RACE_SECONDS} s without a double refresh`, { timeout: (RACE_SECONDS + 150) * 1000 }, async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "platform-refresh-race-"));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const file = path.join(dataDir, "platform.sqlite");
    const server = await startServerProcess({
      databaseUrl: `sqlite:${file}`,
      dataDir,
      apiKey: "race-api-key-0123456789-ABCDEFGHIJKLMNOP",
      port,
      workers: 2,
      env: { ...ENV, PUBLIC_URL: `http://127.0.0.1:${port}` },
      waitFor: "banner",
    });
    t.after(async () => {
      await server.stop();
    });
    const { db } = openDatabase(`sqlite:${file}`);
    t.after(() => db.destroy());
    const { platform, relay } = await racePlatform(t, server);
    const linked = await linkMany(platform, CONNECTIONS, "sqlite");
    const baseline = await baselineOf(platform, db);
    const traffic = await proxyTraffic([server], linked, "sqlite", RACE_SECONDS);
    await checkOutcome({
      platform,
      relay,
      db,
      linked,
      baseline,
      traffic,
      seconds: RACE_SECONDS,
      label: "sqlite, WORKERS=2",
    });
    assert.doesNotMatch(server.output(), /refresh failed unexpectedly|"level":50/);
  });

  for (const dialect of DIALECTS) {
    it(`drops a refresh whose claim lapsed in its node's queue and was taken over, instead of spending its refresh token again (${dialect})`, async (t) => {
      if (dialect === "postgres" && !(await postgresOrSkip(t))) return;
      // One refresh at a time on this node: the batch waits in its queue.
      const { server, relay, platform, advance } = await relayedNode(t, dialect, 1);
      const linked = await linkMany(platform, 3, "queue", 1);

      // All three fall due and are claimed in one batch; its first refresh is held at the relay.
      const held = relay.holdNext();
      advance(56 * 60_000);
      assert.equal(await held.arrived, 0, "the batch starts with the connection due first");
      // The batch's claims lapse while it waits; a request renews the next connection of it.
      advance(REFRESH_LEASE_MS + 1_000);
      const other = linked[1]!;
      assert.equal(await refreshNow(server.app.context, server.clientId, other.connectionId, 1), "refreshed");
      held.release();

      const versions = async () => (await server.db.selectFrom("connection_credentials").select("version").execute()).map((row) => Number(row.version));
      const deadline = Date.now() + 10_000;
      while (!(await versions()).every((version) => version === 2) && Date.now() < deadline) await sleep(20);
      await sleep(300);
      assert.equal(platform.server.counts.refreshTokenReuse, 0, "the queued refresh spent a rotated refresh token");
      assert.equal(relay.reused, 0);
      assert.equal(platform.server.counts.grantsRevoked, 0);
      assert.deepEqual(await versions(), [2, 2, 2], "each connection refreshed exactly once");
      const statuses = await server.db.selectFrom("connections").select("status").execute();
      assert.deepEqual(
        statuses.map((s) => s.status),
        ["Linked", "Linked", "Linked"],
      );
    });
  }

  for (const dialect of DIALECTS) {
    it(`keeps refreshing while one platform call hangs: the stalled call holds its slot, not the node (${dialect})`, async (t) => {
      if (dialect === "postgres" && !(await postgresOrSkip(t))) return;
      const { server, relay, platform, clock, advance } = await relayedNode(t, dialect, 2);
      const first = await linkMany(platform, 2, "stall-a", 1);

      // Both fall due; the refresh of the first is held at the relay (a platform that hangs).
      const held = relay.holdNext();
      advance(56 * 60_000);
      assert.equal(await held.arrived, 0);
      const version = async (connectionId: string) =>
        Number((await server.db.selectFrom("connection_credentials").select("version").where("connection_id", "=", connectionId).executeTakeFirstOrThrow()).version);
      const waitFor = async (check: () => Promise<boolean>, what: string) => {
        const deadline = Date.now() + 10_000;
        while (!(await check())) {
          if (Date.now() > deadline) assert.fail(what);
          await sleep(20);
        }
      };
      await waitFor(async () => (await version(first[1]!.connectionId)) === 2, "the second connection was not refreshed beside the stalled one");

      // Connections falling due later are refreshed too while the call still hangs (made due
      // in place: moving the clock on would let the held call's lease run out, which a real
      // call's deadline never does).
      const later = await linkMany(platform, 3, "stall-b", 1);
      await server.db
        .updateTable("connection_credentials")
        .set({ refresh_due_date: clock().toISOString() })
        .where(
          "connection_id",
          "in",
          later.map((linked) => linked.connectionId),
        )
        .execute();
      for (const linked of later) await waitFor(async () => (await version(linked.connectionId)) >= 2, `${linked.connectionId} waited for the stalled refresh`);
      assert.equal(await version(first[0]!.connectionId), 1, "the held refresh is still in flight");

      held.release();
      await waitFor(async () => (await version(first[0]!.connectionId)) === 2, "the held refresh did not complete");
      assert.equal(relay.reused, 0);
      assert.equal(platform.server.counts.refreshTokenReuse, 0);
      assert.equal(platform.server.counts.grantsRevoked, 0);
    });
  }
});
