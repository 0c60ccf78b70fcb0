// The OAuth pages are public (a `linkUrl` and the platforms' callback), so they take hostile
// input from anyone: fast-check throws generated query strings at the callback and at the start
// page of a real connection, and raw bytes at both. Every answer is a page or a redirect,
// never a 5xx; a callback with a state we never issued changes nothing in the database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { startOAuthPlatform, type OAuthPlatform } from "@codat/test-kit/oauth";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { databaseFingerprint } from "./helpers/snapshot.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

const hostileString = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.constantFrom("", "%", "%00", "%ZZ", "a".repeat(5000), "\u0000", "<script>alert(1)</script>", "../../etc/passwd", "__proto__", "https://evil.example"),
);
const queryOf = fc.dictionary(
  fc.constantFrom("state", "code", "error", "error_description", "iss", "realmId", "shop", "hmac", "__proto__", "constructor", "x"),
  hostileString,
  { maxKeys: 6 },
);
const encode = (query: Record<string, string>) =>
  Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");

describe("fuzzing the OAuth pages", () => {
  let server: TestServer;
  let platform: OAuthPlatform;
  let linkUrl: string;

  before(async () => {
    server = await startTestServer({ env: { PLATFORM_ALLOW_PRIVATE_URLS: "true" } });
    platform = await startOAuthPlatform(server);
    linkUrl = (await platform.createConnection("Fuzzed Ltd")).connection.linkUrl;
  });
  after(async () => {
    await platform?.close();
    await server?.close();
  });

  it("answers 400 generated callbacks with a page, changing nothing", async () => {
    const before = await databaseFingerprint(server.db);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(queryOf, hostileString, async (query, cookie) => {
        const response = await fetch(`${server.url}/oauth/callback?${encode(query)}`, {
          redirect: "manual",
          headers: { cookie: `oauth_flow_x=${encodeURIComponent(cookie).slice(0, 400)}` },
        });
        sent++;
        assert.ok(response.status < 500, `${response.status} for ${encode(query).slice(0, 200)}`);
        assert.match(response.headers.get("content-type") ?? "", /^text\/html|^application\/json/);
        await response.arrayBuffer();
      }),
      { seed: SEED, numRuns: 400 },
    );
    assert.equal(sent, 400);
    assert.equal(await databaseFingerprint(server.db), before, "a callback with a state never issued changed the database");
  });

  it("answers 200 generated start requests with a page or a redirect to the platform", async () => {
    await fc.assert(
      fc.asyncProperty(queryOf, async (query) => {
        const response = await fetch(`${linkUrl}?${encode(query)}`, { redirect: "manual" });
        assert.ok(response.status < 500, `${response.status} for ${encode(query).slice(0, 200)}`);
        if (response.status === 303) assert.ok((response.headers.get("location") ?? "").startsWith(platform.server.authorizeUrl));
        await response.arrayBuffer();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("answers malformed paths of the start page with the invalid-link page", async () => {
    const base = new URL(linkUrl);
    for (const path of [
      base.pathname.replace(/connections\/[^/]+/, "connections/not-a-uuid"),
      base.pathname.replace(/companies\/[^/]+/, "companies/00000000-0000-4000-8000-000000000000"),
      `${base.pathname}%00`,
      base.pathname.replace("/start", "/start/extra"),
    ]) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      assert.ok(response.status === 400 || response.status === 404, `${response.status} for ${path}`);
    }
  });
});
