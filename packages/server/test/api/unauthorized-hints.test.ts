// A wrong Authorization header, over real HTTP: each wrong form (none, the raw key, Bearer, not
// base64, user:password, another scheme) gets the contract's 401 ErrorMessage whose `error` says
// what is wrong and names the expected `Authorization: Basic base64(<api key>)`. The text depends
// on the form alone: an unknown key, a deleted key and another client's deleted key read the
// same, and no answer carries a key, a hash or a client id.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { basicAuth } from "@codat/test-kit/auth";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const EXPECTED = "Authorization: Basic base64(<api key>)";

describe("401 answers say what is wrong with the Authorization header", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const get = async (route: string, authorization: string | undefined) => {
    const response = await fetch(`${server.url}${route}`, { headers: authorization === undefined ? {} : { authorization } });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };

  it("names the problem of each wrong form and the form that works, in the contract's ErrorMessage", async () => {
    const key = server.apiKey;
    const cases: Array<[string, string | undefined, RegExp]> = [
      ["no header", undefined, /^Unauthorized: no Authorization header\. Send the API key as "Authorization: Basic base64\(<api key>\)"\.$/],
      ["the raw key", key, /^Unauthorized: the Authorization header has no scheme\. Send "Authorization: Basic base64\(<api key>\)": the word Basic, a space, then the API key encoded in base64\.$/],
      ["the base64 without Basic", Buffer.from(key).toString("base64"), /has no scheme/],
      ["Bearer and the key", `Bearer ${key}`, /^Unauthorized: this operation takes an API key, not a bearer token\. Send "Authorization: Basic base64\(<api key>\)"\.$/],
      ["Basic and the raw key", `Basic ${key}`, /^Unauthorized: what follows "Basic " is not an API key encoded in base64\. Send "Authorization: Basic base64\(<api key>\)", e\.g\. printf %s "\$API_KEY" \| base64\.$/],
      ["Basic and nothing", "Basic", /is not an API key encoded in base64/],
      ["Basic and garbage", "Basic !!!", /is not an API key encoded in base64/],
      ["curl -u key:", `Basic ${Buffer.from(`${key}:`).toString("base64")}`, /^Unauthorized: encode the API key alone, without a colon/],
      ["another scheme", `Token ${key}`, /^Unauthorized: the Authorization header's scheme is not accepted here\./],
      ["an unknown key", basicAuth("x".repeat(43)), /^Unauthorized: the API key is not valid \(unknown or deleted\)\. Send a current key as "Authorization: Basic base64\(<api key>\)"\.$/],
    ];
    for (const [what, authorization, expected] of cases) {
      const answer = await get("/companies", authorization);
      assert.equal(answer.status, 401, what);
      assert.match(String(answer.body.error), expected, what);
      if (what !== "another scheme") assert.ok(String(answer.body.error).includes(EXPECTED), `${what}: names the expected form`);
      assert.deepEqual(Object.keys(answer.body).sort(), ["canBeRetried", "correlationId", "detailedErrorCode", "error", "service", "statusCode", "validation"], what);
      assert.equal(answer.body.statusCode, 401);
      assert.equal(answer.body.service, "PublicApi");
      assert.ok(!answer.text.includes(key) && !answer.text.includes(server.clientId), `${what}: nothing of the key or its client`);
    }
    // The right form works.
    assert.equal((await get("/companies", server.authHeader)).status, 200);
  });

  it("reads the same for an unknown, a deleted and another client's key", async () => {
    const other = await server.createClient("Other client");
    const deleted = await server.createClient("Deleted key");
    const keys = (await (await fetch(`${server.url}/apiKeys`, { headers: { authorization: deleted.authHeader } })).json()) as { results: Array<{ id: string }> };
    const removed = await fetch(`${server.url}/apiKeys/${keys.results[0]!.id}`, { method: "DELETE", headers: { authorization: deleted.authHeader } });
    assert.equal(removed.status, 204);
    assert.equal((await get("/companies", other.authHeader)).status, 200, "another client's live key works");
    const texts = new Set<string>();
    for (const authorization of [basicAuth("y".repeat(43)), basicAuth(`${"z".repeat(40)}abc`), deleted.authHeader]) {
      const answer = await get("/companies", authorization);
      assert.equal(answer.status, 401);
      texts.add(String(answer.body.error));
    }
    assert.equal(texts.size, 1, [...texts].join(" | "));
  });

  it("names the bearer form too where a company access token is accepted", async () => {
    const company = (await (await fetch(`${server.url}/companies`, { method: "POST", headers: { authorization: server.authHeader, "content-type": "application/json" }, body: JSON.stringify({ name: "Hint Co" }) })).json()) as { id: string };
    const route = `/companies/${company.id}/connections`;
    const missing = await get(route, undefined);
    assert.equal(missing.status, 401);
    assert.match(String(missing.body.error), /^Unauthorized: no Authorization header\. Send the API key as "Authorization: Basic base64\(<api key>\)", or a company access token as "Authorization: Bearer <company access token>"\.$/);
    const badToken = await get(route, "Bearer not.a.token");
    assert.equal(badToken.status, 401);
    assert.equal(badToken.body.error, "Unauthorized: the bearer token is not valid or has expired. Ask the application's back end for a new company access token.");
    assert.equal((await get(route, server.authHeader)).status, 200);
  });
});
