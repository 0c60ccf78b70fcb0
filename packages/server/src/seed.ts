// First-start seed and the newcomer's API key.
// - A new database gets a default client, a "Demo Company" with an accounting (Linked), banking
//   (Unlinked), commerce (Deauthorized) and sandbox (PendingAuth) connection (dated like an
//   account in use: authorised over the past months, synced within the day), and allowed origins
//   that include this server's own origin (the demo page is served from it).
// - The key printed in the banner is PLATFORM_API_KEY when set (ensured to exist), else a key
//   generated once and kept in <data>/api-key (mode 0600), so it survives restarts.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CATALOGUE, SANDBOX_KEY, platformFieldsOf, type CatalogueEntry } from "./catalogue/integrations.js";
import { recordConnectionEvent } from "./connections/transitions.js";
import { recordEvent } from "./events/outbox.js";
import { toCompanyDetails } from "./http/wire.js";
import type { Platform } from "./platform.js";
import { createApiKey, ensureApiKey, findApiKeyByHash, hashApiKey } from "./storage/repositories/apiKeys.js";
import { createClient, findDefaultClient, type ClientRecord } from "./storage/repositories/clients.js";
import { createCompany, listCompanies } from "./storage/repositories/companies.js";
import { createConnection, type ConnectionStatus } from "./storage/repositories/connections.js";
import { replaceCorsOrigins } from "./storage/repositories/corsOrigins.js";

export const DEMO_COMPANY_NAME = "Demo Company";

export interface SeedResult {
  clientId: string;
  apiKey: string;
  /** Where the key came from, for the banner. */
  apiKeySource: "PLATFORM_API_KEY" | "key file";
  apiKeyFile: string | undefined;
  demoCompanyId: string | undefined;
  seeded: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Demo connections with an account's history: first authorised over the past months, last
 * synced within the last day (the pending one has never been authorised nor synced). */
const DEMO_CONNECTIONS: Array<{ key: string; status: ConnectionStatus; authorisedAgoMs: number; syncedAgoMs?: number }> = [
  { key: "gbol", status: "Linked", authorisedAgoMs: 143 * DAY + 5 * HOUR, syncedAgoMs: 47 * 60_000 },
  { key: "dfxm", status: "Unlinked", authorisedAgoMs: 87 * DAY + 2 * HOUR, syncedAgoMs: 21 * HOUR },
  { key: "akxx", status: "Deauthorized", authorisedAgoMs: 31 * DAY + 9 * HOUR, syncedAgoMs: 9 * HOUR },
  { key: SANDBOX_KEY, status: "PendingAuth", authorisedAgoMs: 2 * DAY },
];
/** The demo company predates its oldest connection. */
const DEMO_COMPANY_AGE_MS = 190 * DAY;

async function seedDefaultClient(platform: Platform): Promise<ClientRecord> {
  const { db, config } = platform;
  const now = platform.clock();
  const companyCreated = new Date(now.getTime() - DEMO_COMPANY_AGE_MS);
  return db.transaction().execute(async (trx) => {
    const client = await createClient(trx, { name: "Default client", isDefault: true, now });
    const company = await createCompany(trx, client.id, {
      name: DEMO_COMPANY_NAME,
      description: "Seeded on first start to try the API and the Connections UI",
      now: companyCreated,
    });
    await recordEvent(trx, {
      clientId: client.id,
      companyId: company.id,
      eventType: "company.created",
      payload: toCompanyDetails(company, config.publicUrl),
      generatedDate: companyCreated,
    });
    for (const { key, status, authorisedAgoMs, syncedAgoMs } of DEMO_CONNECTIONS) {
      const entry = CATALOGUE.find((e) => e.key === key) as CatalogueEntry;
      const created = new Date(now.getTime() - authorisedAgoMs);
      const connection = await createConnection(trx, client.id, company.id, {
        ...platformFieldsOf(entry),
        status,
        lastSync: syncedAgoMs === undefined ? null : new Date(now.getTime() - syncedAgoMs).toISOString(),
        now: created,
      });
      await recordConnectionEvent(trx, "connection.created", company, connection, config.publicUrl, created);
    }
    const origins = new Set([new URL(config.publicUrl).origin, "http://localhost:3000", "http://localhost:5173"]);
    await replaceCorsOrigins(trx, client.id, [...origins].sort(), now);
    return client;
  });
}

/** The key from the key file if it still opens this database, else a new one written there. */
async function keyFromFile(platform: Platform, clientId: string): Promise<{ key: string; file: string }> {
  const file = path.join(platform.config.dataDir, "api-key");
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    const record = key ? await findApiKeyByHash(platform.db, hashApiKey(key)) : undefined;
    if (record?.clientId === clientId) return { key, file };
  }
  const { key } = await createApiKey(platform.db, clientId, { name: "newcomer", now: platform.clock() });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file };
}

/** Seeds a new database and returns what the start banner shows. Idempotent. */
export async function seed(platform: Platform): Promise<SeedResult> {
  const { db, config } = platform;
  const existing = await findDefaultClient(db);
  const client = existing ?? (await seedDefaultClient(platform));
  let apiKey: string;
  let apiKeyFile: string | undefined;
  if (config.platformApiKey) {
    await ensureApiKey(db, client.id, config.platformApiKey, { name: "PLATFORM_API_KEY", now: platform.clock() });
    apiKey = config.platformApiKey;
  } else {
    ({ key: apiKey, file: apiKeyFile } = await keyFromFile(platform, client.id));
  }
  const demo = await listCompanies(db, client.id, {
    page: 1,
    pageSize: 1,
    query: `name=${DEMO_COMPANY_NAME}`,
    orderBy: "created",
  });
  return {
    clientId: client.id,
    apiKey,
    apiKeySource: config.platformApiKey ? "PLATFORM_API_KEY" : "key file",
    apiKeyFile,
    demoCompanyId: demo.results[0]?.id,
    seeded: existing === undefined,
  };
}
