// What goes on the wire: URL, headers, body, auth; and how a call ends early (abort, timeout).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CodatPlatform,
  HTTPClient,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  ServerList,
  type SDKOptions,
} from "../src/index.js";
import { serverURLFromOptions } from "../src/lib/options.js";
import { startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: ScriptServer;
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const noRetries = { retries: { strategy: "none" as const } };

before(async () => {
  server = await startScriptServer();
});
after(() => server.close());

function client(options: SDKOptions = {}) {
  return new CodatPlatform({ authHeader: "Basic a2V5", serverURL: server.url, ...options });
}
const last = () => server.received.at(-1)!;

describe("the request on the wire", () => {
  test("the seed's call: GET, path, auth, accept", async () => {
    server.reply({ body: { accessToken: "t" } });
    await client().connectionManagement.getAccessToken({ companyId });
    const req = last();
    assert.equal(req.method, "GET");
    assert.equal(req.url, `/companies/${companyId}/connectionManagement/accessToken`);
    assert.equal(req.headers.authorization, "Basic a2V5");
    assert.equal(req.headers.accept, "application/json");
    assert.match(String(req.headers["user-agent"]), /^codat-platform-typescript\/\d/);
  });

  test("path parameters are URI-encoded; query parameters sent only when given", async () => {
    server.reply({ body: { results: [], pageNumber: 1, pageSize: 10, totalResults: 0, _links: { self: {}, current: {} } } });
    await client().connections.list({ companyId: "a/b c", pageSize: 10, query: "status=Linked&&sourceType=Banking" });
    assert.equal(last().url, "/companies/a%2Fb%20c/connections?pageSize=10&query=status%3DLinked%26%26sourceType%3DBanking");
  });

  test("bodies are JSON with a content type; the request's body field is what is sent", async () => {
    server.reply({ body: { allowedOrigins: ["https://app.example"] } });
    const set = await client().connectionManagement.corsSettings.set({ allowedOrigins: ["https://app.example"] });
    assert.deepEqual(set, { allowedOrigins: ["https://app.example"] });
    assert.equal(last().method, "POST");
    assert.equal(last().url, "/connectionManagement/corsSettings");
    assert.equal(last().headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(last().body), { allowedOrigins: ["https://app.example"] });

    server.reply({ body: { id: "c1", integrationId: "i", sourceId: "s", sourceType: "Banking", platformName: "P", linkUrl: "l", status: "Unlinked", created: "2026-01-01T00:00:00Z" } });
    await client().connections.unlink({ companyId, connectionId: "c1", updateConnectionStatus: { status: "Unlinked" } });
    assert.equal(last().method, "PATCH");
    assert.deepEqual(JSON.parse(last().body), { status: "Unlinked" });
  });

  test("fetchOptions headers reach the server, merged over the client's", async () => {
    server.reply({ body: { accessToken: "t" } });
    await client().connectionManagement.getAccessToken(
      { companyId },
      { fetchOptions: { headers: { "x-request-id": "r-42", accept: "application/json;q=1" } } },
    );
    assert.equal(last().headers["x-request-id"], "r-42");
    assert.equal(last().headers.accept, "application/json;q=1");
    assert.equal(last().headers.authorization, "Basic a2V5", "the client's headers stay");
  });

  test("an async authHeader is awaited for each call", async () => {
    let n = 0;
    const sdk = client({ authHeader: async () => `Basic key-${++n}` });
    server.reply({ body: { accessToken: "t" } }, { body: { accessToken: "t" } });
    await sdk.connectionManagement.getAccessToken({ companyId });
    assert.equal(last().headers.authorization, "Basic key-1");
    await sdk.connectionManagement.getAccessToken({ companyId });
    assert.equal(last().headers.authorization, "Basic key-2");
  });

  test("no authHeader: no Authorization header", async () => {
    server.reply({ body: { accessToken: "t" } });
    await client({ authHeader: undefined }).connectionManagement.getAccessToken({ companyId });
    assert.equal(last().headers.authorization, undefined);
  });

  test("a custom userAgent is sent", async () => {
    server.reply({ body: { accessToken: "t" } });
    await client({ userAgent: "host-app/1.2" }).connectionManagement.getAccessToken({ companyId });
    assert.equal(last().headers["user-agent"], "host-app/1.2");
  });
});

describe("server selection", () => {
  test("serverURL (with a path prefix and trailing slash) is the base of every path", async () => {
    server.reply({ body: { accessToken: "t" } });
    await client({ serverURL: `${server.url}/platform/` }).connectionManagement.getAccessToken({ companyId });
    assert.equal(last().url, `/platform/companies/${companyId}/connectionManagement/accessToken`);
  });

  test("a per-call serverURL overrides the client's", async () => {
    server.reply({ body: { accessToken: "t" } });
    const sdk = client({ serverURL: "http://127.0.0.1:9" });
    await sdk.connectionManagement.getAccessToken({ companyId }, { serverURL: `${server.url}/v2` });
    assert.equal(last().url, `/v2/companies/${companyId}/connectionManagement/accessToken`);
  });

  test("default, serverIdx, CODAT_SERVER_URL: in that order of precedence below serverURL", () => {
    const saved = process.env.CODAT_SERVER_URL;
    try {
      delete process.env.CODAT_SERVER_URL;
      assert.equal(serverURLFromOptions({}), ServerList[0]);
      assert.equal(serverURLFromOptions({ serverIdx: 0 }), "https://api.codat.io");
      assert.throws(() => serverURLFromOptions({ serverIdx: 3 }), RangeError);
      process.env.CODAT_SERVER_URL = "http://localhost:3000/";
      assert.equal(serverURLFromOptions({}), "http://localhost:3000");
      assert.equal(serverURLFromOptions({ serverURL: "https://x.example" }), "https://x.example");
      assert.equal(serverURLFromOptions({ serverIdx: 0 }), "https://api.codat.io");
    } finally {
      if (saved === undefined) delete process.env.CODAT_SERVER_URL;
      else process.env.CODAT_SERVER_URL = saved;
    }
  });

  test("an unusable per-call serverURL → InvalidRequestError", async () => {
    await assert.rejects(
      client().connectionManagement.getAccessToken({ companyId }, { serverURL: "not a url" }),
      InvalidRequestError,
    );
  });
});

describe("ending a call early", () => {
  test("abort → RequestAbortedError, with the signal's reason as cause", async () => {
    server.reply({ delayMs: 3000, body: { accessToken: "late" } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const started = Date.now();
    await assert.rejects(
      client().connectionManagement.getAccessToken({ companyId }, { ...noRetries, fetchOptions: { signal: controller.signal } }),
      (e: unknown) => e instanceof RequestAbortedError && (e.cause as Error).message === "user left",
    );
    assert.ok(Date.now() - started < 2000);
  });

  test("abort also works together with a timeout", async () => {
    server.reply({ delayMs: 2000, body: { accessToken: "late" } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      client({ timeoutMs: 5000 }).connectionManagement.getAccessToken(
        { companyId },
        { ...noRetries, fetchOptions: { signal: controller.signal } },
      ),
      RequestAbortedError,
    );
  });

  test("timeoutMs → RequestTimeoutError (client-wide or per call)", async () => {
    server.reply({ delayMs: 3000, body: { accessToken: "late" } }, { delayMs: 3000, body: { accessToken: "late" } });
    const started = Date.now();
    await assert.rejects(
      client({ timeoutMs: 60 }).connectionManagement.getAccessToken({ companyId }, noRetries),
      (e: unknown) => e instanceof RequestTimeoutError && /60 ms/.test(e.message),
    );
    assert.ok(Date.now() - started < 2000);
    await assert.rejects(
      client().connectionManagement.getAccessToken({ companyId }, { ...noRetries, timeoutMs: 60 }),
      RequestTimeoutError,
    );
  });

  test("a timed-out attempt is retried when retryConnectionErrors is on", async () => {
    server.reply({ delayMs: 5000, body: { accessToken: "late" } }, { body: { accessToken: "fast" } });
    const token = await client({ timeoutMs: 1000 }).connectionManagement.getAccessToken(
      { companyId },
      { retries: { strategy: "backoff", backoff: { initialInterval: 1, maxInterval: 2 }, retryConnectionErrors: true } },
    );
    assert.deepEqual(token, { accessToken: "fast" });
  });
});

describe("HTTP client hooks and debug logging", () => {
  test("hooks run in order: beforeRequest (may replace the request), response; requestError on failure", async () => {
    const calls: string[] = [];
    const httpClient = new HTTPClient()
      .addHook("beforeRequest", (req) => {
        calls.push(`before1 ${req.method}`);
        const next = new Request(req);
        next.headers.set("x-signed", "yes");
        return next;
      })
      .addHook("beforeRequest", (req) => {
        calls.push(`before2 ${req.headers.get("x-signed")}`);
      })
      .addHook("response", (res, req) => {
        calls.push(`response ${res.status} ${new URL(req.url).pathname.split("/").at(-1)}`);
      })
      .addHook("requestError", (error) => {
        calls.push(`error ${(error as Error).name}`);
      });
    server.reply({ body: { accessToken: "t" } });
    await client({ httpClient }).connectionManagement.getAccessToken({ companyId });
    assert.deepEqual(calls, ["before1 GET", "before2 yes", "response 200 accessToken"]);
    assert.equal(last().headers["x-signed"], "yes");

    calls.length = 0;
    server.reply({ drop: true });
    await assert.rejects(client({ httpClient }).connectionManagement.getAccessToken({ companyId }, noRetries));
    assert.deepEqual(calls, ["before1 GET", "before2 yes", "error TypeError"]);
  });

  test("a custom fetcher is used; removeHook and clone keep hooks apart", async () => {
    const seen: string[] = [];
    const httpClient = new HTTPClient({
      fetcher: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    const hook = () => {
      seen.push("hook");
    };
    httpClient.addHook("beforeRequest", hook);
    const copy = httpClient.clone();
    httpClient.removeHook("beforeRequest", hook);
    server.reply({ body: { accessToken: "t" } }, { body: { accessToken: "t" } });
    await client({ httpClient }).connectionManagement.getAccessToken({ companyId });
    await client({ httpClient: copy }).connectionManagement.getAccessToken({ companyId });
    assert.equal(seen.length, 3);
    assert.match(seen[0] as string, /accessToken$/);
    assert.equal(seen[1], "hook");
  });

  test("debugLogger gets the method, URL and status, never the auth header", async () => {
    const lines: string[] = [];
    const debugLogger = { log: (...a: unknown[]) => lines.push(a.join(" ")), group() {}, groupEnd() {} };
    server.reply({ body: { accessToken: "t" } });
    await client({ debugLogger }).connectionManagement.getAccessToken({ companyId });
    assert.equal(lines.length, 2);
    assert.match(lines[0] as string, /^> GET http:\/\/127\.0\.0\.1:\d+\/companies\/.+\/accessToken$/);
    assert.match(lines[1] as string, /^< 200 GET .+ \(\d+ ms\)$/);
    assert.ok(!lines.join("\n").includes("a2V5"));
  });
});
