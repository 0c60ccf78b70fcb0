// Retries: which failures, how many, how far apart, and for how long.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CodatPlatform,
  ConnectionError,
  ErrorMessage,
  HTTPClient,
  RequestAbortedError,
  SDKError,
  type RetryConfig,
} from "../src/index.js";
import { backoffDelay, matchesStatus, retryAfterMs } from "../src/lib/retries.js";
import { errorBody, refusedURL, startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: ScriptServer;
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const tiny = (over: Partial<{ maxElapsedTime: number; retryConnectionErrors: boolean }> = {}): RetryConfig => ({
  strategy: "backoff",
  backoff: { initialInterval: 1, maxInterval: 4, exponent: 2, maxElapsedTime: over.maxElapsedTime ?? 30_000 },
  retryConnectionErrors: over.retryConnectionErrors ?? false,
});

before(async () => {
  server = await startScriptServer();
});
after(() => server.close());

function client(retryConfig?: RetryConfig, httpClient?: HTTPClient) {
  return new CodatPlatform({ authHeader: "Basic a2V5", serverURL: server.url, retryConfig, httpClient });
}

/** Requests the server received during `run`. */
async function counted(run: () => Promise<unknown>) {
  const from = server.received.length;
  const outcome = await run().then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...outcome, requests: server.received.slice(from) };
}

describe("which responses are retried", () => {
  test("5XX until success: the value after three attempts", async () => {
    server.reply({ status: 503, body: errorBody(503) }, { status: 500, body: errorBody(500) }, { body: { accessToken: "t" } });
    const r = await counted(() => client(tiny()).connectionManagement.getAccessToken({ companyId }));
    assert.deepEqual(r.value, { accessToken: "t" });
    assert.equal(r.requests.length, 3);
  });

  test("408 and 429 are retried by default, 400/404/418 are not", async () => {
    server.reply({ status: 408, body: "" }, { status: 429, body: errorBody(429) }, { body: { accessToken: "t" } });
    assert.equal((await counted(() => client(tiny()).connectionManagement.getAccessToken({ companyId }))).requests.length, 3);
    for (const status of [400, 404, 418]) {
      server.reply({ status, body: errorBody(status) });
      const r = await counted(() => client(tiny()).connectionManagement.getAccessToken({ companyId }));
      assert.equal(r.requests.length, 1, `status ${status}`);
      assert.ok(r.error instanceof ErrorMessage || r.error instanceof SDKError);
    }
  });

  test("retryCodes replaces the retried statuses for one call", async () => {
    server.reply({ status: 418, body: "" }, { body: { accessToken: "t" } });
    const ok = await counted(() =>
      client(tiny()).connectionManagement.getAccessToken({ companyId }, { retryCodes: ["418"] }),
    );
    assert.equal(ok.requests.length, 2);
    server.reply({ status: 503, body: errorBody(503) });
    const no = await counted(() =>
      client(tiny()).connectionManagement.getAccessToken({ companyId }, { retryCodes: ["418"] }),
    );
    assert.equal(no.requests.length, 1);
    assert.ok(no.error instanceof ErrorMessage && no.error.statusCode === 503);
  });

  test('strategy "none" sends once; a call\'s retries override the client\'s', async () => {
    server.reply({ status: 503, body: errorBody(503) });
    const r = await counted(() => client({ strategy: "none" }).connectionManagement.getAccessToken({ companyId }));
    assert.equal(r.requests.length, 1);
    server.reply({ status: 503, body: errorBody(503) }, { body: { accessToken: "t" } });
    const overridden = await counted(() =>
      client({ strategy: "none" }).connectionManagement.getAccessToken({ companyId }, { retries: tiny() }),
    );
    assert.equal(overridden.requests.length, 2);
  });

  test("with no configuration, the reference defaults retry a 503", async () => {
    server.reply({ status: 503, body: errorBody(503) }, { body: { accessToken: "t" } });
    const r = await counted(() => client().connectionManagement.getAccessToken({ companyId }));
    assert.deepEqual(r.value, { accessToken: "t" });
    const gap = (r.requests[1]?.at ?? 0) - (r.requests[0]?.at ?? 0);
    assert.ok(gap >= 240 && gap < 3000, `first wait of the default backoff (250-500 ms), was ${gap}`);
  });
});

describe("how far apart and for how long", () => {
  test("never retries past maxElapsedTime, and returns the last response's error", async () => {
    server.fallback = { status: 503, body: errorBody(503) };
    try {
      const starts: number[] = [];
      const httpClient = new HTTPClient().addHook("beforeRequest", () => {
        starts.push(Date.now());
      });
      const started = Date.now();
      const r = await counted(() =>
        client(tiny({ maxElapsedTime: 1000 }), httpClient).connectionManagement.getAccessToken({ companyId }),
      );
      const elapsed = Date.now() - started;
      assert.ok(r.error instanceof ErrorMessage && r.error.statusCode === 503);
      assert.ok(starts.length >= 2, `retried within 1 s at ≤ 4 ms apart, got ${starts.length} attempt(s)`);
      // Each wait is planned to end within maxElapsedTime; allow for timers firing late under load.
      const lastStart = (starts.at(-1) ?? 0) - (starts[0] ?? 0);
      assert.ok(lastStart <= 1000 + 200, `no attempt starts after maxElapsedTime (last at ${lastStart} ms)`);
      assert.ok(elapsed < 5000, `stopped promptly (${elapsed} ms)`);
    } finally {
      server.fallback = { status: 200, body: {} };
    }
  });

  test("waits grow by the exponent, capped by maxInterval, jittered within [half, all]", async () => {
    server.reply(
      ...Array.from({ length: 4 }, () => ({ status: 503, body: errorBody(503) })),
      { body: { accessToken: "t" } },
    );
    // The wait is from a response's arrival to the next attempt's start, both seen by the client.
    const starts: number[] = [];
    const responses: number[] = [];
    const httpClient = new HTTPClient()
      .addHook("beforeRequest", () => {
        starts.push(performance.now());
      })
      .addHook("response", () => {
        responses.push(performance.now());
      });
    const config: RetryConfig = {
      strategy: "backoff",
      backoff: { initialInterval: 40, exponent: 2, maxInterval: 100, maxElapsedTime: 30_000 },
    };
    await client(config, httpClient).connectionManagement.getAccessToken({ companyId });
    const waits = starts.slice(1).map((start, i) => start - (responses[i] ?? 0));
    const full = [40, 80, 100, 100];
    assert.equal(waits.length, full.length);
    waits.forEach((wait, i) => {
      const f = full[i] as number;
      assert.ok(wait >= f / 2 - 2, `wait ${i} (${wait.toFixed(1)} ms) is at least half of ${f}`);
      assert.ok(wait <= f + 1000, `wait ${i} (${wait.toFixed(1)} ms) is at most ${f} plus timer lateness`);
    });
  });

  test("backoffDelay: exponential, capped, equal jitter", () => {
    const b = { initialInterval: 500, maxInterval: 60_000, exponent: 1.5, maxElapsedTime: 3_600_000 };
    assert.equal(backoffDelay(0, b, () => 0), 250);
    assert.equal(backoffDelay(0, b, () => 1), 500);
    assert.equal(backoffDelay(2, b, () => 1), 1125);
    assert.equal(backoffDelay(50, b, () => 1), 60_000);
    assert.equal(backoffDelay(50, b, () => 0), 30_000);
  });

  test("matchesStatus: exact codes and classes", () => {
    assert.ok(matchesStatus(503, ["5XX"]));
    assert.ok(matchesStatus(429, ["408", "429"]));
    assert.ok(!matchesStatus(404, ["408", "429", "5XX"]));
    assert.ok(matchesStatus(418, [418]));
  });
});

describe("Retry-After", () => {
  test("seconds on a 429 are waited for instead of the backoff", async () => {
    server.reply({ status: 429, body: errorBody(429), headers: { "retry-after": "1" } }, { body: { accessToken: "t" } });
    const r = await counted(() => client(tiny()).connectionManagement.getAccessToken({ companyId }));
    assert.deepEqual(r.value, { accessToken: "t" });
    const gap = (r.requests[1]?.at ?? 0) - (r.requests[0]?.at ?? 0);
    assert.ok(gap >= 990, `waited the second the server asked for, was ${gap} ms`);
  });

  test("an HTTP date on a 503 is honoured", async () => {
    const at = new Date(Date.now() + 2000);
    server.reply({ status: 503, body: errorBody(503), headers: { "retry-after": at.toUTCString() } }, { body: { accessToken: "t" } });
    const r = await counted(() => client(tiny()).connectionManagement.getAccessToken({ companyId }));
    const second = r.requests[1]?.at ?? 0;
    assert.ok(second >= Math.floor(at.getTime() / 1000) * 1000 - 10, "not before the date (to the second)");
  });

  test("a Retry-After beyond maxElapsedTime ends the retries at once", async () => {
    server.reply({ status: 503, body: errorBody(503), headers: { "retry-after": "30" } });
    const started = Date.now();
    const r = await counted(() => client(tiny({ maxElapsedTime: 500 })).connectionManagement.getAccessToken({ companyId }));
    assert.ok(r.error instanceof ErrorMessage && r.error.statusCode === 503);
    assert.equal(r.requests.length, 1);
    assert.ok(Date.now() - started < 3000, "did not wait the 30 s");
  });

  test("retryAfterMs reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    const res = (v: string) => new Response(null, { headers: { "retry-after": v } });
    assert.equal(retryAfterMs(res("120"), now), 120_000);
    assert.equal(retryAfterMs(res("Wed, 21 Oct 2026 07:28:30 GMT"), now), 30_000);
    assert.equal(retryAfterMs(res("Wed, 21 Oct 2026 07:27:00 GMT"), now), 0);
    assert.equal(retryAfterMs(res("soon"), now), undefined);
    assert.equal(retryAfterMs(new Response(null), now), undefined);
  });
});

describe("connection errors", () => {
  function countingClient(url: string, retryConfig: RetryConfig) {
    let attempts = 0;
    const httpClient = new HTTPClient().addHook("requestError", () => {
      attempts++;
    });
    const sdk = new CodatPlatform({ authHeader: "Basic a2V5", serverURL: url, retryConfig, httpClient });
    return { sdk, attempts: () => attempts };
  }

  test("refused connection → ConnectionError, sent once when retryConnectionErrors is off", async () => {
    const { sdk, attempts } = countingClient(await refusedURL(), tiny({ maxElapsedTime: 50 }));
    await assert.rejects(sdk.connectionManagement.getAccessToken({ companyId }), (e: unknown) => {
      assert.ok(e instanceof ConnectionError);
      assert.ok(e.cause, "keeps the fetch error as cause");
      return true;
    });
    assert.equal(attempts(), 1);
  });

  test("refused connection is retried when retryConnectionErrors is on, up to maxElapsedTime", async () => {
    const { sdk, attempts } = countingClient(await refusedURL(), tiny({ maxElapsedTime: 1000, retryConnectionErrors: true }));
    await assert.rejects(sdk.connectionManagement.getAccessToken({ companyId }), ConnectionError);
    assert.ok(attempts() >= 2, `retried, ${attempts()} attempts`);
  });

  test("a dropped connection is retried and the next attempt succeeds", async () => {
    server.reply({ drop: true }, { body: { accessToken: "t" } });
    const r = await counted(() =>
      client(tiny({ retryConnectionErrors: true })).connectionManagement.getAccessToken({ companyId }),
    );
    assert.deepEqual(r.value, { accessToken: "t" });
    assert.equal(r.requests.length, 2);
  });

  test("an abort during a backoff wait ends the call with RequestAbortedError", async () => {
    server.fallback = { status: 503, body: errorBody(503) };
    try {
      const controller = new AbortController();
      const config: RetryConfig = { strategy: "backoff", backoff: { initialInterval: 10_000, maxInterval: 10_000 } };
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await assert.rejects(
        client(config).connectionManagement.getAccessToken({ companyId }, { fetchOptions: { signal: controller.signal } }),
        RequestAbortedError,
      );
      assert.ok(Date.now() - started < 2000);
    } finally {
      server.fallback = { status: 200, body: {} };
    }
  });
});
