// Two (or more) clients seeded with distinctive data through the HTTP API, and the list of
// every identifier and name each owns, so a test can assert that no response to one client
// ever carries anything of another.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { apiClient } from "@codat/test-kit/api";
import type { TestClient, TestServer } from "@codat/test-kit/server";

export interface Tenant extends TestClient {
  /** A company with a connection, tags and description. */
  companyId: string;
  connectionId: string;
  /** A second company, for "token for another company of the same client". */
  otherCompanyId: string;
  /** An extra API key (its id; its value in `spareApiKey`). */
  apiKeyId: string;
  spareApiKey: string;
  webhookId: string;
  webhookSecret: string;
  origin: string;
  /** Every id and name of this tenant that must never reach another tenant. */
  markers: string[];
  /** Secret values (API keys, webhook secret) that must never be logged. */
  secrets: string[];
}

/** Seeds one tenant. The server must allow private webhook URLs (WEBHOOK_ALLOW_PRIVATE_URLS). */
export async function seedTenant(server: TestServer, client: TestClient, label: string): Promise<Tenant> {
  const api = apiClient({ url: server.url, authHeader: client.authHeader });
  const tag = `${label}${randomBytes(4).toString("hex")}`;
  const ok = <T extends { status: number }>(res: T, what: string): T => {
    assert.ok(res.status >= 200 && res.status < 300, `seeding ${what}: ${res.status}`);
    return res;
  };
  const company = ok(await api("POST", "/companies", { body: { name: `Zebra ${tag} Holdings`, description: `private notes ${tag}`, tags: { region: `r${tag}` } } }), "company").body;
  const other = ok(await api("POST", "/companies", { body: { name: `Okapi ${tag} Trading` } }), "second company").body;
  const companyId = company.id as string;
  const connection = ok(await api("POST", "/companies/{companyId}/connections", { params: { companyId }, body: { platformKey: "mqjo" } }), "connection").body;
  const key = ok(await api("POST", "/apiKeys", { body: { name: `key ${tag}` } }), "API key").body;
  const origin = `https://${tag.toLowerCase()}.example.com`;
  ok(await api("POST", "/corsSettings", { body: { allowedOrigins: [origin] } }), "CORS origins");
  const webhook = ok(await api("POST", "/webhooks", { body: { url: `http://127.0.0.1:9/${tag}`, companyId } }), "webhook").body;
  return {
    ...client,
    companyId,
    connectionId: connection.id as string,
    otherCompanyId: other.id as string,
    apiKeyId: key.id as string,
    spareApiKey: key.apiKey as string,
    webhookId: webhook.id as string,
    webhookSecret: webhook.secret as string,
    origin,
    markers: [client.clientId, companyId, other.id, connection.id, key.id, webhook.id, tag, origin],
    secrets: [client.apiKey, key.apiKey, webhook.secret],
  };
}

/** The markers of `owner` found in `text`, except those the request itself carried. */
export function leakedMarkers(text: string, owner: Tenant, sentInRequest: string): string[] {
  return owner.markers.filter((marker) => text.includes(marker) && !sentInRequest.includes(marker));
}
