// What a developer sees of an error: a one-line message naming the status, the server's error
// text and the correlation id (or, for a transport failure, the address and the system error),
// and a short `console.log` / uncaught print that does not dump the body or the raw Response.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { inspect } from "node:util";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import {
  CodatPlatform,
  ConnectionError,
  ErrorMessage,
  RequestTimeoutError,
  ResponseValidationError,
  SDKError,
  SDKValidationError,
} from "../src/index.js";
import { refusedURL, startScriptServer, type ScriptServer } from "./helpers/script-server.js";
import { rejection } from "./helpers/rejection.js";

const MISSING = "8a210b68-6988-41ed-a1eb-0242ac120002";
const noRetries = { retries: { strategy: "none" as const } };
let api: TestServer;
let script: ScriptServer;

before(async () => {
  [api, script] = await Promise.all([startTestServer(), startScriptServer()]);
});
after(() => Promise.all([api.close(), script.close()]));

/** What `console.log(error)` prints, colourless. */
const printed = (error: unknown) => inspect(error, { colors: false });

describe("one-line messages", () => {
  test("ErrorMessage from the real server: status, its error text, correlation id", async () => {
    const sdk = new CodatPlatform({ authHeader: api.authHeader, serverURL: api.url });
    const error = await rejection(sdk.companies.get({ companyId: MISSING }));
    assert.ok(error instanceof ErrorMessage);
    assert.ok(error.error && error.correlationId, "the server sent both");
    assert.equal(error.message, `API error 404 Not Found: ${error.error} (correlationId ${error.correlationId})`);
  });

  test("SDKError with the API's JSON on an undocumented status: its error text and correlation id", async () => {
    script.reply({ status: 418, body: { error: "I'm a teapot\nand short", correlationId: "abc123" } });
    const error = await rejection(new CodatPlatform({ serverURL: script.url }).companies.get({ companyId: MISSING }, noRetries));
    assert.ok(error instanceof SDKError);
    assert.equal(error.message, "API error 418 I'm a Teapot: I'm a teapot and short (correlationId abc123)");
  });

  test("SDKError with an HTML page: the content type and the start of the page, on one line, cut", async () => {
    const page = `<html>\n<body>\n${"<p>Bad gateway</p>\n".repeat(50)}</body></html>`;
    script.reply({ status: 502, body: page, headers: { "content-type": "text/html" } });
    const error = await rejection(new CodatPlatform({ serverURL: script.url }).companies.get({ companyId: MISSING }, noRetries));
    assert.ok(error instanceof SDKError);
    assert.match(error.message, /^API error 502 Bad Gateway \(text\/html\): <html> <body> <p>Bad gateway<\/p>.*…$/);
    assert.ok(!error.message.includes("\n"));
    assert.ok(error.message.length < 300);
    assert.equal(error.body, page, "the whole page stays on the error");
  });

  test("validation errors: one line each; pretty() lists every issue", async () => {
    const request = await rejection(new CodatPlatform({ serverURL: script.url }).companies.get({ companyId: "" }));
    assert.ok(request instanceof SDKValidationError);
    assert.ok(!request.message.includes("\n"), request.message);
    script.reply({ body: { id: 1, name: 2, redirect: 3 } });
    const response = await rejection(new CodatPlatform({ serverURL: script.url }).companies.get({ companyId: MISSING }));
    assert.ok(response instanceof ResponseValidationError);
    assert.match(response.message, /^Response body of GET \/companies\/\{companyId\} does not match its schema: id: .* \(and 2 more\)$/);
    assert.equal(response.pretty().split("\n").length, 4);
  });
});

describe("transport errors name the address and the system error", () => {
  test("a refused connection: connect ECONNREFUSED <address>", async () => {
    const url = await refusedURL();
    const { host } = new URL(url);
    const error = await rejection(new CodatPlatform({ serverURL: url }).companies.list({}, noRetries));
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.message, `Unable to reach GET ${url}/companies: connect ECONNREFUSED ${host}`);
    const cause = (error.cause as { cause?: { code?: string } }).cause;
    assert.equal(cause?.code, "ECONNREFUSED", "undici's system error stays reachable");
  });

  test("several addresses tried (localhost): each one's refusal", async () => {
    const { port } = new URL(await refusedURL());
    const error = await rejection(new CodatPlatform({ serverURL: `http://localhost:${port}` }).companies.list({}, noRetries));
    assert.ok(error instanceof ConnectionError);
    assert.match(error.message, new RegExp(`^Unable to reach GET http://localhost:${port}/companies: connect ECONNREFUSED [^;]+:${port}(; connect ECONNREFUSED [^;]+:${port})*$`));
  });

  test("a timeout: the call and the time", async () => {
    script.reply({ delayMs: 2000, body: {} });
    const error = await rejection(new CodatPlatform({ serverURL: script.url, timeoutMs: 40 }).companies.list({}, noRetries));
    assert.ok(error instanceof RequestTimeoutError);
    assert.equal(error.message, `GET ${script.url}/companies: timed out after 40 ms`);
  });
});

describe("what console.log and an uncaught error print", () => {
  test("console.log(error): the message, the stack and the scalar fields; no body, data$ or raw Response", async () => {
    const sdk = new CodatPlatform({ authHeader: api.authHeader, serverURL: api.url });
    const error = await rejection(sdk.companies.get({ companyId: MISSING }));
    assert.ok(error instanceof ErrorMessage);
    const text = printed(error);
    for (const heavy of ["rawResponse", "Response {", "data$", "body:", "Headers"]) assert.ok(!text.includes(heavy), `${heavy} is not printed:\n${text}`);
    assert.equal(text.split(error.correlationId as string).length - 1, 2, "the correlation id: in the message and its field, nowhere else");
    assert.ok(text.split("\n").length <= 30, `${text.split("\n").length} lines:\n${text}`);
    // ... and all of it is still there to read.
    assert.equal(error.rawResponse.status, 404);
    assert.equal(JSON.parse(error.body).correlationId, error.correlationId);
    assert.equal(error.data$.error, error.error);
    assert.equal(error.headers.get("content-type")?.startsWith("application/json"), true);
  });

  test("an uncaught ErrorMessage prints its one-line message and a short stack", async () => {
    const script = `
      import { CodatPlatform } from "./src/index.ts";
      const sdk = new CodatPlatform({ authHeader: ${JSON.stringify(api.authHeader)}, serverURL: ${JSON.stringify(api.url)} });
      await sdk.companies.get({ companyId: ${JSON.stringify(MISSING)} });`;
    // Asynchronously: the server answering it runs in this process.
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: new URL("..", import.meta.url) }, (_e, _out, stderr) =>
        resolve({ status: child.exitCode, stderr }),
      );
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /ErrorMessage: API error 404 Not Found: .+ \(correlationId [0-9a-f]{32}\)/);
    assert.ok(!/Response \{|rawResponse|data\$/.test(run.stderr), run.stderr);
    const lines = run.stderr.trim().split("\n").length;
    assert.ok(lines <= 35, `${lines} lines:\n${run.stderr}`);
  });
});
