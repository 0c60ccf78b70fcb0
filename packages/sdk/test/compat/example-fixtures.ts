// What a documentation example needs to run against a test server, and the only changes made
// to its text: the placeholders a reader fills in. The credentials placeholder becomes the test
// client's key, the production URL the test server's, and the example ids (`companyId: "8a21..."`)
// ids of resources created for that run; every other character of the example stays.
import type { CodatPlatform } from "../../src/index.js";

/** The credentials placeholder of every official example: `authHeader: "Basic BASE_64_ENCODED(API_KEY)"`. */
export const AUTH_PLACEHOLDER = "BASE_64_ENCODED(API_KEY)";
/** The production server, which examples name when they show `serverURL`. */
export const PRODUCTION_URL = "https://api.codat.io";

const ID_FIELDS = ["companyId", "connectionId", "apiKeyId", "webhookId"] as const;
export type IdField = (typeof ID_FIELDS)[number];
export type Fixtures = Partial<Record<IdField, string>>;

const idLiteral = (field: IdField) => new RegExp(`\\b(${field}\\s*:\\s*)"[^"]*"`, "g");

/** The example ids an example passes, each of which needs a resource of its own. */
export function idFieldsOf(code: string): IdField[] {
  return ID_FIELDS.filter((field) => idLiteral(field).test(code));
}

/** Creates, through `sdk`, what the id fields name: a company (with a connection), an API key, a webhook consumer. */
export async function createFixtures(sdk: CodatPlatform, fields: readonly IdField[], label: string): Promise<Fixtures> {
  const fixtures: Fixtures = {};
  if (fields.includes("companyId") || fields.includes("connectionId")) {
    const company = await sdk.companies.create({ name: `Compat ${label.replace(/[^A-Za-z0-9 ]/g, " ").slice(0, 200)}` });
    fixtures.companyId = company.id;
    // The sandbox platform takes credentials, so every connection call of the docs works on it.
    const connection = await sdk.connections.create({ companyId: company.id, requestBody: { platformKey: "mqjo" } });
    fixtures.connectionId = connection.id;
  }
  if (fields.includes("apiKeyId")) {
    const key = await sdk.settings.createApiKey({ name: "compat fixture" });
    fixtures.apiKeyId = key.id;
  }
  if (fields.includes("webhookId")) {
    const consumer = await sdk.webhooks.createConsumer({ url: "https://hooks.example.com/compat", eventTypes: ["company.created"] });
    fixtures.webhookId = consumer.id;
  }
  return fixtures;
}

/** The example's text, pointed at the test server (see the top of this file). */
export function pointAtServer(code: string, target: { base64ApiKey: string; serverURL: string; fixtures: Fixtures }): string {
  let text = code.replaceAll(AUTH_PLACEHOLDER, target.base64ApiKey).replaceAll(PRODUCTION_URL, target.serverURL);
  for (const field of ID_FIELDS) {
    const id = target.fixtures[field];
    if (id) text = text.replace(idLiteral(field), `$1${JSON.stringify(id)}`);
  }
  return text;
}
