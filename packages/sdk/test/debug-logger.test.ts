// `debugLogger` says what the client does, retries included: a server that is down is retried
// for up to an hour by default (as by both official clients), and each retry is a line with its
// attempt number, its reason and its wait, so the wait is never silent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CodatPlatform, ConnectionError, RequestAbortedError, type Logger, type RetryConfig } from "../src/index.js";
import { DEFAULT_RETRY_CODES, DEFAULT_RETRY_CONFIG } from "../src/lib/retries.js";
import { errorBody, refusedURL, startScriptServer, type ScriptServer } from "./helpers/script-server.js";

let server: ScriptServer;
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const fast = (maxElapsedTime = 30_000): RetryConfig => ({
  strategy: "backoff",
  backoff: { initialInterval: 20, maxInterval: 40, exponent: 2, maxElapsedTime },
  retryConnectionErrors: true,
});

before(async () => {
  server = await startScriptServer();
});
after(() => server.close());

/** A logger that keeps each line, and can wait for the n-th. */
function recorder() {
  const lines: string[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const logger: Logger = {
    log: (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
      for (const w of waiting.filter((x) => lines.length >= x.count)) w.resolve();
    },
    group() {},
    groupEnd() {},
  };
  const until = (count: number) => new Promise<void>((resolve) => (lines.length >= count ? resolve() : waiting.push({ count, resolve })));
  return { logger, lines, until };
}

describe("a line per retry", () => {
  test("retried statuses: attempt, status, wait; then the response", async () => {
    const { logger, lines } = recorder();
    server.reply({ status: 503, body: errorBody(503) }, { status: 429, body: errorBody(429) }, { body: { accessToken: "t" } });
    const sdk = new CodatPlatform({ serverURL: server.url, debugLogger: logger, retryConfig: fast() });
    await sdk.connectionManagement.getAccessToken({ companyId });
    const url = `${server.url}/companies/${companyId}/connectionManagement/accessToken`;
    assert.equal(lines.length, 4, lines.join("\n"));
    assert.equal(lines[0], `> GET ${url}`);
    assert.match(lines[1] as string, new RegExp(`^! GET ${url}: attempt 1 failed \\(503 Service Unavailable\\); attempt 2 in \\d+ ms$`));
    assert.match(lines[2] as string, /: attempt 2 failed \(429 Too Many Requests\); attempt 3 in \d+ ms$/);
    assert.match(lines[3] as string, new RegExp(`^< 200 GET ${url} \\(\\d+ ms\\)$`));
  });

  test("a Retry-After wait says so", async () => {
    const { logger, lines } = recorder();
    server.reply({ status: 429, body: errorBody(429), headers: { "retry-after": "1" } }, { body: { accessToken: "t" } });
    await new CodatPlatform({ serverURL: server.url, debugLogger: logger, retryConfig: fast() }).connectionManagement.getAccessToken({ companyId });
    assert.match(lines[1] as string, /attempt 1 failed \(429 Too Many Requests\); attempt 2 in 1000 ms \(Retry-After\)$/);
  });

  test("a server that is down: the system error of each attempt, then giving up at maxElapsedTime", async () => {
    const url = await refusedURL();
    const { logger, lines } = recorder();
    const sdk = new CodatPlatform({ serverURL: url, debugLogger: logger, retryConfig: fast(300) });
    await assert.rejects(sdk.companies.list(), ConnectionError);
    const retries = lines.filter((l) => l.startsWith("! "));
    assert.ok(retries.length >= 3, lines.join("\n"));
    const host = new URL(url).host;
    retries.slice(0, -1).forEach((line, i) => {
      assert.equal(line.replace(/in \d+ ms/, "in N ms"), `! GET ${url}/companies: attempt ${i + 1} failed (connect ECONNREFUSED ${host}); attempt ${i + 2} in N ms`);
    });
    assert.match(retries.at(-1) as string, new RegExp(`attempt ${retries.length} failed \\(connect ECONNREFUSED ${host}\\); giving up \\(maxElapsedTime 300 ms\\)$`));
  });

  test("with the default policy a server that is down is retried, and each wait is logged as it starts", async () => {
    const url = await refusedURL();
    const { logger, lines, until } = recorder();
    const controller = new AbortController();
    const call = new CodatPlatform({ serverURL: url, debugLogger: logger }).companies.list({}, { signal: controller.signal });
    await until(3); // the request line and two retries, within about a second
    controller.abort();
    await assert.rejects(call, RequestAbortedError);
    const waits = lines.slice(1, 3).map((line) => Number(/attempt \d+ in (\d+) ms$/.exec(line)?.[1]));
    // 500 ms × 1.5^n, between half and all of it: [250, 500], then [375, 750].
    assert.ok(waits[0]! >= 250 && waits[0]! <= 500, `first wait ${waits[0]}`);
    assert.ok(waits[1]! >= 375 && waits[1]! <= 750, `second wait ${waits[1]}`);
  });

  test("no logger, no lines and no cost: the default is silent", async () => {
    server.reply({ status: 503, body: errorBody(503) }, { body: { accessToken: "t" } });
    const sdk = new CodatPlatform({ serverURL: server.url, retryConfig: fast() });
    assert.deepEqual(await sdk.connectionManagement.getAccessToken({ companyId }), { accessToken: "t" });
  });
});

/** The default retry policy an official client's generated operation code spells out. */
function officialDefaults(code: string) {
  const block = /strategy: "backoff",\s*backoff: \{([^}]*)\},\s*retryConnectionErrors: (true|false)/.exec(code);
  const number = (name: string) => Number(new RegExp(`${name}:\\s*([\\d.]+)`).exec(block?.[1] ?? "")?.[1]);
  const codes = /retryCodes: [^\n]*\|\| (\[[^\]]*\])/.exec(code)?.[1] ?? "[]";
  return {
    config: {
      strategy: "backoff",
      backoff: {
        initialInterval: number("initialInterval"),
        maxInterval: number("maxInterval"),
        exponent: number("exponent"),
        maxElapsedTime: number("maxElapsedTime"),
      },
      retryConnectionErrors: block?.[2] === "true",
    },
    codes: JSON.parse(codes) as string[],
  };
}

test("the default retry policy is the official clients': backoff, elapsed-time bound, connection errors, statuses", () => {
  const require = createRequire(import.meta.url);
  const sources = { "@codat/platform-v4": "sdk/companies.js", "@codat/platform-v6": "src/funcs/companiesList.ts" };
  for (const [pkg, file] of Object.entries(sources)) {
    let dir: string;
    try {
      dir = dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      const why = `${pkg} (an official client, a root devDependency) is missing: the default retry policy is not compared with it`;
      if (process.env.CI === "true") throw new Error(`${why}; required when CI=true`);
      console.warn(`${why}; run \`npm install\``);
      continue;
    }
    const official = officialDefaults(readFileSync(join(dir, file), "utf8"));
    assert.deepEqual(DEFAULT_RETRY_CONFIG, official.config, pkg);
    assert.deepEqual([...DEFAULT_RETRY_CODES], official.codes, pkg);
  }
});
