// Every operation of the client: the method and path it sends, the body, the value it returns;
// and that each (method, path) is one the contract (@codat/test-kit/contract) documents. The
// server's extensions of the contract (`extensions` below) are checked against the server's own
// /openapi.json and against a real server instead, by platforms.test.ts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { CONTRACT_PATH } from "@codat/test-kit/contract";
import { CodatPlatform } from "../src/index.js";
import { startScriptServer, type ScriptServer } from "./helpers/script-server.js";

const links = { self: { href: "/x" }, current: { href: "/x" } };
const page = (results: unknown[]) => ({ results, pageNumber: 1, pageSize: 100, totalResults: results.length, _links: links });
const company = { id: "c1", name: "Acme", redirect: "https://link.example/c1", tags: { region: "uk" } };
const connection = {
  id: "k1",
  integrationId: "fd321cb6-7963-4506-b873-e99593a45e30",
  integrationKey: "gbol",
  sourceId: "35b92968-9851-4095-ad60-395c95cbcba4",
  sourceType: "Accounting",
  platformName: "Xero",
  linkUrl: "https://link.example/k1",
  status: "Linked",
  lastSync: null,
  created: "2026-01-01T00:00:00Z",
};
const integration = { key: "gbol", logoUrl: "https://img.example/x.png", name: "Xero", enabled: true };
const origins = { allowedOrigins: ["https://app.example"] };
const credentials = {
  platformKey: "gbol",
  clientId: "xero-app",
  clientSecretSet: true,
  scopes: null,
  redirectUri: "https://link.example/oauth/callback",
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
};
const definition = {
  authorizeUrl: "https://login.example/authorize",
  tokenUrl: "https://login.example/token",
  revocation: { kind: "rfc7009", url: "https://login.example/revoke" },
  scopes: ["offline_access"],
  scopeSeparator: " ",
  authorizeParameters: {},
  tokenParameters: {},
  tokenRequestFormat: "form",
  clientAuthentication: "client_secret_basic",
  pkce: true,
  startParameters: [],
  callbackParameters: [],
  tokenResponseFields: [{ name: "account_id", pattern: "^[0-9]+$" }],
  identity: "account_id",
  apiBaseUrl: "https://api.example",
  apiHeaders: {},
};
const ownPlatform = {
  name: "Ledgerly",
  sourceType: "Accounting" as const,
  oauth: { authorizeUrl: "https://login.example/authorize", tokenUrl: "https://login.example/token", apiBaseUrl: "https://api.example" },
};

type Case = {
  name: string;
  call: (sdk: CodatPlatform) => Promise<unknown>;
  method: string;
  path: string;
  /** The path template in the contract or, for an extension, in the server's /openapi.json. */
  contractPath: string;
  reply?: unknown;
  status?: number;
  sent?: unknown;
};

const cases: Case[] = [
  { name: "connectionManagement.getAccessToken", call: (s) => s.connectionManagement.getAccessToken({ companyId: "c1" }), method: "GET", path: "/companies/c1/connectionManagement/accessToken", contractPath: "/companies/{companyId}/connectionManagement/accessToken", reply: { accessToken: "t" } },
  { name: "connectionManagement.corsSettings.get", call: (s) => s.connectionManagement.corsSettings.get(), method: "GET", path: "/connectionManagement/corsSettings", contractPath: "/connectionManagement/corsSettings", reply: origins },
  { name: "connectionManagement.corsSettings.set", call: (s) => s.connectionManagement.corsSettings.set(origins), method: "POST", path: "/connectionManagement/corsSettings", contractPath: "/connectionManagement/corsSettings", reply: origins, sent: origins },
  { name: "companies.list", call: (s) => s.companies.list({ page: 2, tags: "region=uk" }), method: "GET", path: "/companies?page=2&tags=region%3Duk", contractPath: "/companies", reply: page([company]) },
  { name: "companies.create", call: (s) => s.companies.create({ name: "Acme" }), method: "POST", path: "/companies", contractPath: "/companies", reply: company, sent: { name: "Acme" } },
  { name: "companies.get", call: (s) => s.companies.get({ companyId: "c1" }), method: "GET", path: "/companies/c1", contractPath: "/companies/{companyId}", reply: { ...company, dataConnections: [connection] } },
  { name: "companies.replace", call: (s) => s.companies.replace({ companyId: "c1", companyRequestBody: { name: "Acme 2" } }), method: "PUT", path: "/companies/c1", contractPath: "/companies/{companyId}", reply: company, sent: { name: "Acme 2" } },
  { name: "companies.update", call: (s) => s.companies.update({ companyId: "c1", companyUpdateRequest: { tags: { a: "b" } } }), method: "PATCH", path: "/companies/c1", contractPath: "/companies/{companyId}", reply: company, sent: { tags: { a: "b" } } },
  { name: "companies.delete", call: (s) => s.companies.delete({ companyId: "c1" }), method: "DELETE", path: "/companies/c1", contractPath: "/companies/{companyId}", status: 204 },
  { name: "companies.getAccessToken", call: (s) => s.companies.getAccessToken({ companyId: "c1" }), method: "GET", path: "/companies/c1/accessToken", contractPath: "/companies/{companyId}/accessToken", reply: { accessToken: "t", expiresIn: 86400, tokenType: "Bearer" } },
  { name: "connections.list", call: (s) => s.connections.list({ companyId: "c1" }), method: "GET", path: "/companies/c1/connections", contractPath: "/companies/{companyId}/connections", reply: page([connection]) },
  { name: "connections.create", call: (s) => s.connections.create({ companyId: "c1", requestBody: { platformKey: "gbol" } }), method: "POST", path: "/companies/c1/connections", contractPath: "/companies/{companyId}/connections", reply: connection, sent: { platformKey: "gbol" } },
  { name: "connections.get", call: (s) => s.connections.get({ companyId: "c1", connectionId: "k1" }), method: "GET", path: "/companies/c1/connections/k1", contractPath: "/companies/{companyId}/connections/{connectionId}", reply: connection },
  { name: "connections.delete", call: (s) => s.connections.delete({ companyId: "c1", connectionId: "k1" }), method: "DELETE", path: "/companies/c1/connections/k1", contractPath: "/companies/{companyId}/connections/{connectionId}", status: 200 },
  { name: "connections.unlink", call: (s) => s.connections.unlink({ companyId: "c1", connectionId: "k1", updateConnectionStatus: { status: "Unlinked" } }), method: "PATCH", path: "/companies/c1/connections/k1", contractPath: "/companies/{companyId}/connections/{connectionId}", reply: { ...connection, status: "Unlinked" }, sent: { status: "Unlinked" } },
  { name: "connections.updateAuthorization", call: (s) => s.connections.updateAuthorization({ companyId: "c1", connectionId: "k1", requestBody: { code: "x" } }), method: "PUT", path: "/companies/c1/connections/k1/authorization", contractPath: "/companies/{companyId}/connections/{connectionId}/authorization", reply: connection, sent: { code: "x" } },
  { name: "connectionManagement.get (6.x)", call: (s) => s.connectionManagement.get({ companyId: "c1" }), method: "GET", path: "/companies/c1/connectionManagement/accessToken", contractPath: "/companies/{companyId}/connectionManagement/accessToken", reply: { accessToken: "t" } },
  { name: "cors.get (6.x)", call: (s) => s.cors.get(), method: "GET", path: "/connectionManagement/corsSettings", contractPath: "/connectionManagement/corsSettings", reply: origins },
  { name: "cors.set (6.x)", call: (s) => s.cors.set(origins), method: "POST", path: "/connectionManagement/corsSettings", contractPath: "/connectionManagement/corsSettings", reply: origins, sent: origins },
  { name: "settings.get (6.x)", call: (s) => s.settings.get(), method: "GET", path: "/corsSettings", contractPath: "/corsSettings", reply: origins },
  { name: "settings.set (6.x)", call: (s) => s.settings.set(origins), method: "POST", path: "/corsSettings", contractPath: "/corsSettings", reply: origins, sent: origins },
  { name: "companies.update with 4.x's companyRequestBody replaces (PUT)", call: (s) => s.companies.update({ companyId: "c1", companyRequestBody: { name: "Acme 3" } }), method: "PUT", path: "/companies/c1", contractPath: "/companies/{companyId}", reply: company, sent: { name: "Acme 3" } },
  { name: "connections.unlink without a body sends Unlinked", call: (s) => s.connections.unlink({ companyId: "c1", connectionId: "k1" }), method: "PATCH", path: "/companies/c1/connections/k1", contractPath: "/companies/{companyId}/connections/{connectionId}", reply: { ...connection, status: "Unlinked" }, sent: { status: "Unlinked" } },
  { name: "connections.updateAuthorization without a body sends {}", call: (s) => s.connections.updateAuthorization({ companyId: "c1", connectionId: "k1" }), method: "PUT", path: "/companies/c1/connections/k1/authorization", contractPath: "/companies/{companyId}/connections/{connectionId}/authorization", reply: connection, sent: {} },
  { name: "settings.getCorsSettings", call: (s) => s.settings.getCorsSettings(), method: "GET", path: "/corsSettings", contractPath: "/corsSettings", reply: origins },
  { name: "settings.setCorsSettings", call: (s) => s.settings.setCorsSettings(origins), method: "POST", path: "/corsSettings", contractPath: "/corsSettings", reply: origins, sent: origins },
  { name: "settings.listApiKeys", call: (s) => s.settings.listApiKeys(), method: "GET", path: "/apiKeys", contractPath: "/apiKeys", reply: { results: [{ id: "k", name: null, createdDate: "2026-01-01T00:00:00Z" }] } },
  { name: "settings.createApiKey", call: (s) => s.settings.createApiKey({ name: "ci" }), method: "POST", path: "/apiKeys", contractPath: "/apiKeys", reply: { id: "k", name: "ci", apiKey: "secret" }, status: 201, sent: { name: "ci" } },
  { name: "settings.deleteApiKey", call: (s) => s.settings.deleteApiKey({ apiKeyId: "k" }), method: "DELETE", path: "/apiKeys/k", contractPath: "/apiKeys/{apiKeyId}", status: 204 },
  { name: "integrations.list", call: (s) => s.integrations.list({ pageSize: 5 }), method: "GET", path: "/integrations?pageSize=5", contractPath: "/integrations", reply: page([integration]) },
  { name: "integrations.get", call: (s) => s.integrations.get({ platformKey: "gbol" }), method: "GET", path: "/integrations/gbol", contractPath: "/integrations/{platformKey}", reply: integration },
  { name: "integrations.getBranding", call: (s) => s.integrations.getBranding({ platformKey: "gbol" }), method: "GET", path: "/integrations/gbol/branding", contractPath: "/integrations/{platformKey}/branding", reply: { logo: { full: { image: { src: "https://img.example/x.png", alt: "Xero" } } } } },
  { name: "webhooks.listConsumers", call: (s) => s.webhooks.listConsumers(), method: "GET", path: "/webhooks", contractPath: "/webhooks", reply: { results: [{ id: "w", url: "https://hooks.example", eventTypes: ["company.created"] }] } },
  { name: "webhooks.createConsumer", call: (s) => s.webhooks.createConsumer({ url: "https://hooks.example", eventTypes: ["company.created"] }), method: "POST", path: "/webhooks", contractPath: "/webhooks", reply: { id: "w", url: "https://hooks.example" }, status: 201, sent: { url: "https://hooks.example", eventTypes: ["company.created"] } },
  { name: "webhooks.deleteConsumer", call: (s) => s.webhooks.deleteConsumer({ webhookId: "w" }), method: "DELETE", path: "/webhooks/w", contractPath: "/webhooks/{webhookId}", status: 204 },
];

/** The server's extensions of the contract: platform definitions, app credentials, own platforms. */
const extensions: Case[] = [
  { name: "integrations.getDefinition", call: (s) => s.integrations.getDefinition({ platformKey: "gbol" }), method: "GET", path: "/integrations/gbol/definition", contractPath: "/integrations/{platformKey}/definition", reply: definition },
  { name: "integrations.getCredentials", call: (s) => s.integrations.getCredentials({ platformKey: "gbol" }), method: "GET", path: "/integrations/gbol/credentials", contractPath: "/integrations/{platformKey}/credentials", reply: credentials },
  { name: "integrations.setCredentials", call: (s) => s.integrations.setCredentials({ platformKey: "gbol", setPlatformCredentials: { clientId: "xero-app", clientSecret: "s3cret", scopes: ["offline_access"] } }), method: "PUT", path: "/integrations/gbol/credentials", contractPath: "/integrations/{platformKey}/credentials", reply: { ...credentials, scopes: ["offline_access"] }, sent: { clientId: "xero-app", clientSecret: "s3cret", scopes: ["offline_access"] } },
  { name: "integrations.deleteCredentials", call: (s) => s.integrations.deleteCredentials({ platformKey: "gbol" }), method: "DELETE", path: "/integrations/gbol/credentials", contractPath: "/integrations/{platformKey}/credentials", status: 204 },
  { name: "integrations.putCustom", call: (s) => s.integrations.putCustom({ platformKey: "ldgr", customPlatformRequest: ownPlatform }), method: "PUT", path: "/integrations/ldgr", contractPath: "/integrations/{platformKey}", reply: { ...integration, key: "ldgr", name: "Ledgerly", enabled: false }, sent: ownPlatform },
  { name: "integrations.deleteCustom", call: (s) => s.integrations.deleteCustom({ platformKey: "ldgr" }), method: "DELETE", path: "/integrations/ldgr", contractPath: "/integrations/{platformKey}", status: 204 },
];

/** What the client returns for `reply`: a page carries `_links` as `links` (as the official clients do). */
function asReturned(reply: unknown): unknown {
  if (reply === null || typeof reply !== "object" || !("_links" in reply)) return reply;
  const { _links, ...rest } = reply as { _links: unknown };
  return { ...rest, links: _links };
}

let server: ScriptServer;
let sdk: CodatPlatform;
before(async () => {
  server = await startScriptServer();
  sdk = new CodatPlatform({ authHeader: "Basic a2V5", serverURL: server.url, retryConfig: { strategy: "none" } });
});
after(() => server.close());

describe("every operation", () => {
  for (const c of [...cases, ...extensions]) {
    test(`${c.name}: ${c.method} ${c.path}`, async () => {
      server.reply({ status: c.status ?? 200, body: c.reply ?? "" });
      const value = await c.call(sdk);
      const req = server.received.at(-1)!;
      assert.equal(req.method, c.method);
      assert.equal(req.url, c.path);
      if (c.sent === undefined) assert.equal(req.body, "");
      else assert.deepEqual(JSON.parse(req.body), c.sent);
      assert.deepEqual(value, asReturned(c.reply));
    });
  }
});

test("each (method, path) is documented by the contract, with that success status", () => {
  const contract = JSON.parse(readFileSync(CONTRACT_PATH, "utf8")) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  for (const c of cases) {
    const op = contract.paths[c.contractPath]?.[c.method.toLowerCase()];
    assert.ok(op, `${c.method} ${c.contractPath} (${c.name}) is in the contract`);
    assert.ok(String(c.status ?? 200) in op.responses, `${c.name}: ${c.status ?? 200} is its documented success status`);
  }
});
