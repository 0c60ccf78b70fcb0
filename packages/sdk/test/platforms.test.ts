// The server's extensions of the contract through the client, against a real server
// (@codat/test-kit/server): a platform's OAuth definition, the client's app credentials at a
// platform (the secret never comes back) and a platform of the client's own. Each operation is
// one the server's /openapi.json documents at that method, path and success status, and none is
// in the contract.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { CONTRACT_PATH } from "@codat/test-kit/contract";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import * as v from "valibot";
import { CodatPlatform, CodatPlatformCore, ErrorMessage, SDKValidationError } from "../src/index.js";
import { integrationsDeleteCredentials, integrationsGetCredentials, integrationsGetDefinition, integrationsSetCredentials } from "../src/funcs/index.js";
import * as models from "../src/models/index.js";

const SECRET = "app-secret-that-must-never-come-back-0123";
const ownPlatform: models.CustomPlatformRequest = {
  name: "Ledgerly",
  sourceType: "Accounting",
  oauth: {
    authorizeUrl: "https://login.ledgerly.example/oauth/authorize",
    tokenUrl: "https://login.ledgerly.example/oauth/token",
    revocationUrl: "https://login.ledgerly.example/oauth/revoke",
    apiBaseUrl: "https://api.ledgerly.example/v1",
    scopes: ["ledger.read", "offline_access"],
    tokenResponseFields: [{ name: "ledger_id" }],
    identity: "ledger_id",
    apiHeaders: { "x-ledger": "{ledger_id}" },
  },
};

/** The extensions as the client sends them: method, path template, success status. */
const EXTENSIONS = [
  ["GET", "/integrations/{platformKey}/definition", 200],
  ["GET", "/integrations/{platformKey}/credentials", 200],
  ["PUT", "/integrations/{platformKey}/credentials", 200],
  ["DELETE", "/integrations/{platformKey}/credentials", 204],
  ["PUT", "/integrations/{platformKey}", 200],
  ["DELETE", "/integrations/{platformKey}", 204],
] as const;

let server: TestServer;
let sdk: CodatPlatform;
const noRetries = { retries: { strategy: "none" as const } };

before(async () => {
  // No app at any platform yet: the test sets them up.
  server = await startTestServer({ enablePlatforms: false });
  sdk = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url, retryConfig: { strategy: "none" } });
});
after(() => server.close());

/** The ErrorMessage a call fails with. */
async function failure(promise: Promise<unknown>): Promise<ErrorMessage> {
  const error = await promise.then(
    () => assert.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ErrorMessage, String(error));
  return error;
}

test("each extension is in the server's /openapi.json with its success status, and not in the contract", async () => {
  type Paths = Record<string, Record<string, { responses: Record<string, unknown> }>>;
  const own = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Paths };
  const contract = JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as { paths: Paths };
  for (const [method, path, status] of EXTENSIONS) {
    const op = own.paths[path]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${path} is in /openapi.json`);
    assert.ok(String(status) in op.responses, `${method} ${path}: ${status} is its documented success status`);
    assert.equal(contract.paths[path]?.[method.toLowerCase()], undefined, `${method} ${path} is an extension, not the contract's`);
  }
});

describe("app credentials", () => {
  test("are set, read, replaced and deleted; the secret never comes back", async () => {
    assert.equal((await sdk.integrations.get({ platformKey: "gbol" })).enabled, false, "not enabled before credentials are set");
    assert.equal((await failure(sdk.integrations.getCredentials({ platformKey: "gbol" }))).statusCode, 404);

    const set = await sdk.integrations.setCredentials({
      platformKey: "gbol",
      setPlatformCredentials: { clientId: "xero-app-id", clientSecret: SECRET, scopes: ["offline_access", "accounting.transactions.read"] },
    });
    assert.equal(set.platformKey, "gbol");
    assert.equal(set.clientId, "xero-app-id");
    assert.equal(set.clientSecretSet, true);
    assert.deepEqual(set.scopes, ["offline_access", "accounting.transactions.read"]);
    assert.equal(set.redirectUri, `${server.url}/oauth/callback`);
    assert.ok(!JSON.stringify(set).includes(SECRET), "the answer does not carry the secret");
    assert.equal((await sdk.integrations.get({ platformKey: "gbol" })).enabled, true);

    const read = await sdk.integrations.getCredentials({ platformKey: "gbol" });
    assert.deepEqual(read, set);
    const raw = await fetch(`${server.url}/integrations/gbol/credentials`, { headers: { authorization: server.authHeader } });
    const text = await raw.text();
    assert.ok(!text.includes(SECRET), "nor does the raw body");
    assert.ok(v.is(models.PlatformCredentials, JSON.parse(text)));

    const replaced = await sdk.integrations.setCredentials({ platformKey: "gbol", setPlatformCredentials: { clientId: "xero-app-2", clientSecret: `${SECRET}-2`, scopes: null } });
    assert.equal(replaced.clientId, "xero-app-2");
    assert.equal(replaced.scopes, null, "null: the platform's default scopes");
    assert.equal(replaced.created, set.created, "a replacement keeps the creation date");

    assert.equal(await sdk.integrations.deleteCredentials({ platformKey: "gbol" }), undefined);
    assert.equal((await failure(sdk.integrations.getCredentials({ platformKey: "gbol" }))).statusCode, 404);
    assert.equal((await failure(sdk.integrations.deleteCredentials({ platformKey: "gbol" }))).statusCode, 404);
    assert.equal((await sdk.integrations.get({ platformKey: "gbol" })).enabled, false);
  });

  test("refusals: the server's limits (400), the sandbox (400), an unknown platform (404); a body without a secret is not sent", async () => {
    const empty = await failure(sdk.integrations.setCredentials({ platformKey: "gbol", setPlatformCredentials: { clientId: "", clientSecret: SECRET } }, noRetries));
    assert.equal(empty.statusCode, 400);
    const spaced = await failure(sdk.integrations.setCredentials({ platformKey: "gbol", setPlatformCredentials: { clientId: "a", clientSecret: "b", scopes: ["two words"] } }));
    assert.equal(spaced.statusCode, 400);
    const sandbox = await failure(sdk.integrations.setCredentials({ platformKey: "mqjo", setPlatformCredentials: { clientId: "a", clientSecret: "b" } }));
    assert.equal(sandbox.statusCode, 400);
    assert.equal((await failure(sdk.integrations.getCredentials({ platformKey: "zzzz" }))).statusCode, 404);

    const sent = { clientId: "a" } as unknown as models.SetPlatformCredentials;
    await assert.rejects(sdk.integrations.setCredentials({ platformKey: "gbol", setPlatformCredentials: sent }), SDKValidationError);
    await assert.rejects(sdk.integrations.getCredentials({ platformKey: "" }), SDKValidationError);
  });

  test("as standalone functions returning a Result", async () => {
    const core = new CodatPlatformCore({ authHeader: server.authHeader, serverURL: server.url });
    const set = await integrationsSetCredentials(core, { platformKey: "wkdy", setPlatformCredentials: { clientId: "ca_123", clientSecret: SECRET } });
    assert.ok(set.ok);
    assert.equal(set.value.platformKey, "wkdy");
    const read = await integrationsGetCredentials(core, { platformKey: "wkdy" });
    assert.ok(read.ok);
    assert.equal(read.value.clientId, "ca_123");
    assert.ok((await integrationsDeleteCredentials(core, { platformKey: "wkdy" })).ok);
    const gone = await integrationsGetCredentials(core, { platformKey: "wkdy" });
    assert.ok(!gone.ok);
    assert.ok(gone.error instanceof ErrorMessage);
    assert.equal(gone.error.statusCode, 404);
  });
});

describe("OAuth definitions", () => {
  test("every built-in OAuth platform's definition parses; the sandbox has none", async () => {
    const catalogue = await sdk.integrations.list();
    const keys = (catalogue.results ?? []).map((integration) => integration.key).filter((key) => key !== "mqjo");
    assert.ok(keys.length >= 8, `built-in OAuth platforms: ${keys.join(", ")}`);
    for (const platformKey of keys) {
      const definition = await sdk.integrations.getDefinition({ platformKey });
      assert.ok(definition.documentation?.startsWith("https://"), `${platformKey} names its documentation`);
    }
    const xero = await sdk.integrations.getDefinition({ platformKey: "gbol" });
    assert.equal(xero.pkce, true);
    assert.equal(xero.identity, "tenantId");
    assert.equal(xero.postConnect?.kind, "xero-tenant");
    assert.deepEqual(xero.revocation, { kind: "rfc7009", url: "https://identity.xero.com/connect/revocation" });
    const shopify = await integrationsGetDefinition(new CodatPlatformCore({ authHeader: server.authHeader, serverURL: server.url }), { platformKey: "akxx" });
    assert.ok(shopify.ok);
    assert.equal(shopify.value.startParameters[0]?.name, "shop");
    assert.equal(shopify.value.callbackCheck, "shopify-hmac");
    assert.equal((await failure(sdk.integrations.getDefinition({ platformKey: "mqjo" }))).statusCode, 404);
  });
});

describe("a platform of the client's own", () => {
  test("is added with its defaults made explicit, enabled by credentials, kept while connections use it, then removed", async () => {
    const added = await sdk.integrations.putCustom({ platformKey: "ldgr", customPlatformRequest: ownPlatform });
    assert.equal(added.key, "ldgr");
    assert.equal(added.name, "Ledgerly");
    assert.equal(added.sourceType, "Accounting");
    assert.equal(added.enabled, false);

    const definition = await sdk.integrations.getDefinition({ platformKey: "ldgr" });
    assert.equal(definition.pkce, true, "PKCE unless turned off");
    assert.equal(definition.clientAuthentication, "client_secret_basic");
    assert.equal(definition.scopeSeparator, " ");
    assert.deepEqual(definition.revocation, { kind: "rfc7009", url: ownPlatform.oauth.revocationUrl });
    assert.match(definition.tokenResponseFields[0]?.pattern ?? "", /^\^.*\$$/, "a default pattern, anchored");

    await sdk.integrations.setCredentials({ platformKey: "ldgr", setPlatformCredentials: { clientId: "ledgerly-app", clientSecret: SECRET } });
    assert.equal((await sdk.integrations.get({ platformKey: "ldgr" })).enabled, true);

    const company = await sdk.companies.create({ name: "Own Platform Ltd" });
    const connection = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: "ldgr" } });
    assert.equal(connection.integrationKey, "ldgr");
    assert.equal((await failure(sdk.integrations.deleteCustom({ platformKey: "ldgr" }))).statusCode, 409);
    await sdk.connections.delete({ companyId: company.id, connectionId: connection.id });

    assert.equal(await sdk.integrations.deleteCustom({ platformKey: "ldgr" }), undefined);
    assert.equal((await failure(sdk.integrations.get({ platformKey: "ldgr" }))).statusCode, 404);
    assert.equal((await failure(sdk.integrations.deleteCustom({ platformKey: "ldgr" }))).statusCode, 404);
  });

  test("refusals: a built-in key (409), a private address (400); an undeclared field is dropped", async () => {
    assert.equal((await failure(sdk.integrations.putCustom({ platformKey: "gbol", customPlatformRequest: ownPlatform }))).statusCode, 409);
    assert.equal((await failure(sdk.integrations.deleteCustom({ platformKey: "gbol" }))).statusCode, 409);
    const loopback = { ...ownPlatform, oauth: { ...ownPlatform.oauth, tokenUrl: "https://127.0.0.1/token" } };
    const refused = await failure(sdk.integrations.putCustom({ platformKey: "ldgs", customPlatformRequest: loopback }));
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.validation?.errors?.some((item) => item.itemId === "body.oauth.tokenUrl"), JSON.stringify(refused.validation));
    const extra = { ...ownPlatform, oauth: { ...ownPlatform.oauth, tokenEndpoint: "https://elsewhere.example/token" } };
    await sdk.integrations.putCustom({ platformKey: "ldgs", customPlatformRequest: extra });
    const stored = await sdk.integrations.getDefinition({ platformKey: "ldgs" });
    assert.ok(!JSON.stringify(stored).includes("elsewhere"), "the undeclared field is not kept");
    await sdk.integrations.deleteCustom({ platformKey: "ldgs" });
  });
});
