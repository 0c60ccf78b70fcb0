// Every per-call option, in both official clients' forms: 6.x's flat `RequestInit` fields
// (`headers`, `signal`, `redirect`, ...) and `serverURL` as a string or a URL; 4.x's
// `fetchOptions`; and `timeoutMs`, `retries`, `retryCodes` of both. Each is checked where it
// shows: on the wire, in the error, or in the number of requests.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CodatPlatform, CodatPlatformCore, RequestAbortedError, RequestTimeoutError, SDKError, type SDKOptions } from "../src/index.js";
import { companiesList } from "../src/funcs/index.js";
import { errorBody, startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: ScriptServer;
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const token = { accessToken: "t" };
const fastRetries = { strategy: "backoff" as const, backoff: { initialInterval: 1, maxInterval: 2, exponent: 1, maxElapsedTime: 10_000 } };

before(async () => {
  server = await startScriptServer();
});
after(() => server.close());

const client = (options: SDKOptions = {}) => new CodatPlatform({ authHeader: "Basic a2V5", serverURL: server.url, ...options });
const last = () => server.received.at(-1)!;

async function counted(run: () => Promise<unknown>) {
  const from = server.received.length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, requests: server.received.length - from };
}

describe("headers", () => {
  test("6.x: flat `headers` reach the server, over the client's own", async () => {
    server.reply({ body: token });
    await client().connectionManagement.getAccessToken({ companyId }, { headers: { "x-request-id": "r-6", accept: "application/json;v=6" } });
    assert.equal(last().headers["x-request-id"], "r-6");
    assert.equal(last().headers.accept, "application/json;v=6");
    assert.equal(last().headers.authorization, "Basic a2V5", "the client's headers stay");
  });

  test("4.x: `fetchOptions.headers` reach the server", async () => {
    server.reply({ body: token });
    await client().connectionManagement.getAccessToken({ companyId }, { fetchOptions: { headers: new Headers({ "x-request-id": "r-4" }) } });
    assert.equal(last().headers["x-request-id"], "r-4");
  });

  test("both: all are sent, and the flat one wins a header both set", async () => {
    server.reply({ body: token });
    await client().connectionManagement.getAccessToken(
      { companyId },
      { fetchOptions: { headers: { "x-a": "nested", "x-both": "nested" } }, headers: [["x-b", "flat"], ["x-both", "flat"]] },
    );
    assert.equal(last().headers["x-a"], "nested");
    assert.equal(last().headers["x-b"], "flat");
    assert.equal(last().headers["x-both"], "flat");
  });
});

describe("other fetch fields", () => {
  test("6.x: a flat `signal` cancels the call", async () => {
    server.reply({ delayMs: 3000, body: token });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("left")), 50);
    await assert.rejects(
      client().connectionManagement.getAccessToken({ companyId }, { signal: controller.signal, retries: { strategy: "none" } }),
      (e: unknown) => e instanceof RequestAbortedError && (e.cause as Error).message === "left",
    );
  });

  test("4.x: `fetchOptions.signal` cancels the call", async () => {
    server.reply({ delayMs: 3000, body: token });
    await assert.rejects(
      client().connectionManagement.getAccessToken({ companyId }, { fetchOptions: { signal: AbortSignal.timeout(50) }, retries: { strategy: "none" } }),
      RequestAbortedError,
    );
  });

  test("any other RequestInit field, flat or in fetchOptions, goes to fetch: redirect manual", async () => {
    for (const options of [{ redirect: "manual" as const }, { fetchOptions: { redirect: "manual" as const } }]) {
      server.reply({ status: 302, headers: { location: "/moved" }, body: "" });
      const { error, requests } = await counted(() => client().companies.list({}, options));
      assert.ok(error instanceof SDKError && error.statusCode === 302, `the 302 itself comes back (${String(error)})`);
      assert.equal(requests, 1, "not followed");
    }
  });
});

describe("timeoutMs", () => {
  test("a call's timeoutMs overrides the client's, both ways", async () => {
    server.reply({ delayMs: 1500, body: token });
    await assert.rejects(
      client({ timeoutMs: 10_000 }).connectionManagement.getAccessToken({ companyId }, { timeoutMs: 50, retries: { strategy: "none" } }),
      (e: unknown) => e instanceof RequestTimeoutError && /timed out after 50 ms/.test(e.message),
    );
    server.reply({ delayMs: 150, body: token });
    const value = await client({ timeoutMs: 50 }).connectionManagement.getAccessToken({ companyId }, { timeoutMs: 5000 });
    assert.deepEqual(value, token);
  });
});

describe("serverURL", () => {
  test("a string or a URL object (6.x's type), with its path prefix", async () => {
    const sdk = client({ serverURL: "http://127.0.0.1:9" });
    server.reply({ body: token }, { body: token });
    await sdk.connectionManagement.getAccessToken({ companyId }, { serverURL: `${server.url}/as-string/` });
    assert.equal(last().url, `/as-string/companies/${companyId}/connectionManagement/accessToken`);
    await sdk.connectionManagement.getAccessToken({ companyId }, { serverURL: new URL("/as-url", server.url) });
    assert.equal(last().url, `/as-url/companies/${companyId}/connectionManagement/accessToken`);
  });
});

describe("retries and retryCodes", () => {
  test("a call's retries override the client's: none, then backoff", async () => {
    server.reply({ status: 503, body: errorBody(503) });
    assert.equal((await counted(() => client({ retryConfig: fastRetries }).companies.list({}, { retries: { strategy: "none" } }))).requests, 1);
    server.reply({ status: 503, body: errorBody(503) }, { body: { results: [], pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: {}, current: {} } } });
    const retried = await counted(() => client({ retryConfig: { strategy: "none" } }).companies.list({}, { retries: fastRetries }));
    assert.equal(retried.error, undefined);
    assert.equal(retried.requests, 2);
  });

  test("a call's retryCodes replace the retried statuses", async () => {
    server.reply({ status: 418, body: "" }, { body: token });
    assert.equal((await counted(() => client().connectionManagement.getAccessToken({ companyId }, { retries: fastRetries, retryCodes: ["418"] }))).requests, 2);
    server.reply({ status: 503, body: errorBody(503) });
    assert.equal((await counted(() => client().connectionManagement.getAccessToken({ companyId }, { retries: fastRetries, retryCodes: ["4XX"] }))).requests, 1);
  });
});

test("standalone functions honour the same options", async () => {
  server.reply({ body: { results: [], pageNumber: 1, pageSize: 100, totalResults: 0, _links: { self: {}, current: {} } } });
  const core = new CodatPlatformCore({ authHeader: "Basic a2V5", serverURL: "http://127.0.0.1:9" });
  const result = await companiesList(core, {}, { serverURL: new URL(server.url), headers: { "x-from": "func" } });
  assert.ok(result.ok, String(result.error));
  assert.equal(last().headers["x-from"], "func");
});
