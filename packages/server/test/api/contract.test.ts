// The contract checks themselves: the helper catches a body that breaks the contract, and the
// server's own OpenAPI document offers every operation the contract defines for it, with the
// same path and method.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, it } from "node:test";
import { assertMatchesContract, CONTRACT_PATH } from "@codat/test-kit/contract";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

forEachDialect("contract conformance", (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ dialect });
  });
  after(() => server.close());

  it("rejects bodies that break the contract", () => {
    assertMatchesContract("GET", "/companies/{companyId}/accessToken", 200, { accessToken: "a", expiresIn: 86400, tokenType: "Bearer" });
    assert.throws(() => assertMatchesContract("GET", "/companies/{companyId}/accessToken", 200, { accessToken: "a" }), /expiresIn/);
    assert.throws(() => assertMatchesContract("GET", "/companies/{companyId}/connections/{connectionId}", 200, { id: "x", extra: 1 }));
    assert.throws(() => assertMatchesContract("GET", "/companies", 401, { statusCode: "401" }), /statusCode/);
    assert.throws(() => assertMatchesContract("GET", "/no/such/path", 200, {}), /no operation/);
  });

  it("serves every contract operation it documents at the contract's path and method", async () => {
    const contract = JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const contractOps = new Map<string, string>();
    for (const [path, methods] of Object.entries(contract.paths)) {
      for (const [method, op] of Object.entries(methods)) if (op.operationId) contractOps.set(op.operationId, `${method.toUpperCase()} ${path}`);
    }
    const own = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof contract;
    let matched = 0;
    for (const [path, methods] of Object.entries(own.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const expected = op.operationId ? contractOps.get(op.operationId) : undefined;
        if (!expected) continue;
        assert.equal(`${method.toUpperCase()} ${path}`, expected, op.operationId);
        matched++;
      }
    }
    assert.ok(matched >= 23, `only ${matched} operations matched`);
  });
});
