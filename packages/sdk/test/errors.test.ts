// Error statuses → the right error class, with every field of the contract's error body and
// the response metadata both official clients' errors carry (6.x: `statusCode`, `body`,
// `headers`, `contentType`, `rawResponse`, `data$`; 4.x: the same names).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CodatPlatform,
  CodatPlatformCore,
  CodatPlatformError,
  ErrorMessage,
  HTTPClientError,
  ResponseValidationError,
  SDKError,
  SDKValidationError,
} from "../src/index.js";
import { connectionManagementGetAccessToken } from "../src/funcs/index.js";
import * as models from "../src/models/index.js";
import { errorBody, startScriptServer, type ScriptServer } from "./helpers/script-server.js";
import { rejection } from "./helpers/rejection.js";

let server: ScriptServer;
let sdk: CodatPlatform;
const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const noRetries = { retries: { strategy: "none" as const } };

before(async () => {
  server = await startScriptServer();
  sdk = new CodatPlatform({ authHeader: "Basic a2V5", serverURL: server.url });
});
after(() => server.close());

describe("documented error statuses", () => {
  for (const status of [401, 402, 403, 404, 429, 500, 503]) {
    test(`${status} with a JSON body → ErrorMessage carrying every field`, async () => {
      const body = errorBody(status, `Failure ${status}`);
      server.reply({ status, body });
      const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }, noRetries));
      assert.ok(error instanceof ErrorMessage);
      assert.ok(error instanceof models.ErrorMessage, "models.ErrorMessage is the same class");
      assert.ok(error instanceof CodatPlatformError);
      assert.equal(error.statusCode, status);
      assert.equal(error.service, "PublicApi");
      assert.equal(error.error, `Failure ${status}`);
      assert.equal(error.correlationId, body.correlationId);
      assert.deepEqual(error.validation, body.validation);
      assert.equal(error.canBeRetried, "Unknown");
      assert.equal(error.detailedErrorCode, 0);
      assert.deepEqual(error.data$, body);
      assert.equal(error.body, JSON.stringify(body));
      assert.equal(error.rawResponse.status, status);
      assert.ok(error.headers instanceof Headers);
      assert.equal(error.headers.get("content-type"), "application/json");
      assert.equal(error.contentType, "application/json");
      assert.match(error.message, new RegExp(`^API error ${status} .*: Failure ${status} \\(correlationId ${body.correlationId}\\)$`));
    });
  }

  test("a documented status with a body that is not the contract's JSON → SDKError", async () => {
    server.reply({ status: 404, body: "Not Found" });
    const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }, noRetries));
    assert.ok(error instanceof SDKError);
    assert.equal(error.statusCode, 404);
    assert.equal(error.body, "Not Found");
    assert.equal(error.contentType, "text/plain");
  });
});

describe("undocumented error statuses", () => {
  test("418 with JSON → SDKError with status, content type, body and raw response", async () => {
    server.reply({ status: 418, body: { error: "teapot" } });
    const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }, noRetries));
    assert.ok(error instanceof SDKError);
    assert.ok(!(error instanceof ErrorMessage));
    assert.ok(error instanceof CodatPlatformError);
    assert.ok(!(error instanceof HTTPClientError));
    assert.equal(error.statusCode, 418);
    assert.equal(error.headers.get("content-type"), "application/json");
    assert.equal(error.contentType, "application/json");
    assert.equal(error.body, '{"error":"teapot"}');
    assert.equal(error.rawResponse.status, 418);
  });

  test("502 HTML page from a proxy → SDKError keeping the page", async () => {
    const page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server.reply({ status: 502, body: page, headers: { "content-type": "text/html" } });
    const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }, noRetries));
    assert.ok(error instanceof SDKError);
    assert.equal(error.statusCode, 502);
    assert.equal(error.contentType, "text/html");
    assert.equal(error.body, page);
    assert.match(error.message, /502/);
  });
});

describe("2xx bodies that break their schema", () => {
  test("malformed JSON → ResponseValidationError with the raw text and the response", async () => {
    server.reply({ status: 200, body: '{"accessToken": "abc"', headers: { "content-type": "application/json" } });
    const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }));
    assert.ok(error instanceof ResponseValidationError);
    assert.ok(error instanceof CodatPlatformError, "6.x: a response error, with the response's metadata");
    assert.ok(error instanceof SDKValidationError, "4.x code catching SDKValidationError catches it too");
    assert.equal(error.statusCode, 200);
    assert.equal(error.body, '{"accessToken": "abc"');
    assert.equal(error.rawResponse.status, 200);
    assert.equal(error.rawValue, '{"accessToken": "abc"');
    assert.ok(error.cause instanceof SyntaxError, "keeps the parser's error as cause");
    assert.match(error.pretty(), /not JSON/);
  });

  test("a wrong field type → ResponseValidationError naming the field, on one line", async () => {
    server.reply({ body: { accessToken: 42 } });
    const error = await rejection(sdk.connectionManagement.getAccessToken({ companyId }));
    assert.ok(error instanceof ResponseValidationError);
    assert.deepEqual(error.rawValue, { accessToken: 42 });
    assert.equal(error.issues[0]?.path, "accessToken");
    assert.match(error.message, /^Response body of GET \/companies\/\{companyId\}\/connectionManagement\/accessToken does not match its schema: accessToken: .*string/);
    assert.ok(!error.message.includes("\n"));
    assert.match(error.pretty(), /\n {2}accessToken: .*string/);
  });

  test("a page whose paging fields are missing → ResponseValidationError", async () => {
    server.reply({ body: { results: [] } });
    const error = await rejection(sdk.companies.list());
    assert.ok(error instanceof ResponseValidationError);
    assert.deepEqual(error.issues.map((i) => i.path).sort(), ["_links", "pageNumber", "pageSize", "totalResults"]);
    assert.match(error.message, /\(and 3 more\)$/);
  });

  test("unknown extra fields are accepted and kept (a newer server does not break us)", async () => {
    server.reply({ body: { accessToken: "t", expiresIn: 3600, future: { a: 1 } } });
    const token = await sdk.connectionManagement.getAccessToken({ companyId });
    assert.deepEqual(token, { accessToken: "t", expiresIn: 3600, future: { a: 1 } });
  });
});

describe("requests that break their schema", () => {
  test("a missing companyId → SDKValidationError, and nothing is sent", async () => {
    const before = server.received.length;
    const error = await rejection(
      sdk.connectionManagement.getAccessToken({} as unknown as models.GetConnectionManagementAccessTokenRequest),
    );
    assert.ok(error instanceof SDKValidationError);
    assert.ok(!(error instanceof CodatPlatformError), "no response: not an HTTP error");
    assert.ok(!(error instanceof ResponseValidationError));
    assert.equal(error.issues[0]?.path, "companyId");
    assert.match(error.message, /^Invalid request to GET \/companies\/\{companyId\}\/connectionManagement\/accessToken: companyId: /);
    assert.equal(error.rawMessage, "Invalid request to GET /companies/{companyId}/connectionManagement/accessToken");
    assert.deepEqual(error.rawValue, {});
    assert.equal(server.received.length, before);
  });

  test("an empty path parameter is refused rather than sent to another resource", async () => {
    const error = await rejection(sdk.companies.get({ companyId: "" }));
    assert.ok(error instanceof SDKValidationError);
  });
});

describe("standalone functions", () => {
  test("return errors in the Result instead of throwing", async () => {
    const core = new CodatPlatformCore({ authHeader: "Basic a2V5", serverURL: server.url });
    server.reply({ status: 403, body: errorBody(403) });
    const result = await connectionManagementGetAccessToken(core, { companyId }, noRetries);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error instanceof ErrorMessage && result.error.statusCode === 403);

    server.reply({ body: { accessToken: "ok" } });
    const success = await connectionManagementGetAccessToken(core, { companyId });
    assert.deepEqual(success, { ok: true, value: { accessToken: "ok" } });
  });
});
