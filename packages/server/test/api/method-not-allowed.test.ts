// A wrong method on a path the server has answers 405 with an `Allow` header naming the path's
// methods; a path it does not have stays 404. Both are ErrorMessages, before authentication.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect } from "@codat/test-kit/dialects";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

forEachDialect("method not allowed", (dialect) => {
  let server: TestServer;
  let companyId: string;

  before(async () => {
    server = await startTestServer({ dialect });
    const res = await fetch(`${server.url}/companies`, {
      method: "POST",
      headers: { authorization: server.authHeader, "content-type": "application/json" },
      body: JSON.stringify({ name: "Allow Ltd" }),
    });
    companyId = ((await res.json()) as { id: string }).id;
  });
  after(() => server.close());

  const call = (method: string, path: string, auth: string | null = server.authHeader) =>
    fetch(`${server.url}${path}`, { method, headers: auth ? { authorization: auth } : {} });

  it("answers 405 with Allow for a wrong method on an existing path, with or without credentials", async () => {
    const cases: Array<[string, string, string[]]> = [
      ["PUT", "/companies", ["GET", "POST"]],
      ["POST", `/companies/${companyId}`, ["DELETE", "GET", "PATCH", "PUT"]],
      ["POST", `/companies/${companyId}/accessToken`, ["GET"]],
      ["DELETE", "/healthz/", ["GET"]],
      ["DELETE", `/companies/${companyId}/connections?page=1`, ["GET", "POST"]],
    ];
    for (const [method, path, expected] of cases) {
      for (const auth of [server.authHeader, null]) {
        const res = await call(method, path, auth);
        assert.equal(res.status, 405, `${method} ${path}`);
        const allow = String(res.headers.get("allow")).split(", ");
        for (const m of expected) assert.ok(allow.includes(m), `${method} ${path}: Allow ${allow.join(", ")} lacks ${m}`);
        assert.ok(!allow.includes(method), `${method} ${path}: Allow must not list the refused method`);
        const body = (await res.json()) as Record<string, unknown>;
        assert.equal(body.statusCode, 405);
        assert.equal(body.service, "PublicApi");
        assert.equal(body.correlationId, res.headers.get("x-correlation-id"));
      }
    }
  });

  it("keeps 404 for paths the server does not have", async () => {
    for (const [method, path] of [["GET", "/nothing"], ["PUT", "/companies/x/y/z"], ["POST", "/companiesx"]] as const) {
      const res = await call(method, path);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), null);
    }
  });

  it("still answers the right method normally", async () => {
    const res = await call("GET", `/companies/${companyId}`);
    assert.equal(res.status, 200);
  });
});
