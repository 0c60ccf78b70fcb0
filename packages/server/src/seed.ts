// First-start seed and the newcomer's API key.
// - A new database gets a default client, a "Demo Company" with accounting (Xero Linked, Sage
//   Unlinked), commerce (Shopify Deauthorized) and sandbox (PendingAuth) connections (dated like
//   an account in use: authorized over the past months, synced within the day), and allowed
//   origins that include this server's own origin (the demo page is served from it).
// - With the demo platform (DEMO_PAGE=true, one process: demo/demo-platform.ts), the default
//   client has it as its own platform `demo`, set up again at every start (PUBLIC_URL may have
//   changed); a new database's demo company also gets a `demo` connection whose authorization
//   has expired, so that Reconnect walks the real OAuth flow.
// - The key printed in the banner is PLATFORM_API_KEY when set (ensured to exist), else a key
//   generated once and kept in <data>/api-key (mode 0600), so it survives restarts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { CATALOGUE, SANDBOX_KEY, platformFieldsOf, type CatalogueEntry } from "./catalogue/integrations.js";
import { recordConnectionEvent } from "./connections/transitions.js";
import { recordEvent } from "./events/outbox.js";
import { toCompanyDetails } from "./wire.js";
import type { ServerContext } from "./context.js";
import { writePrivateFile } from "./lib/private-files.js";
import { createApiKey, ensureApiKey, findApiKeyByHash, hashApiKey } from "./storage/repositories/api-keys.js";
import { createClient, findDefaultClient, type ClientRecord } from "./storage/repositories/clients.js";
import { createCompany, listCompanies } from "./storage/repositories/companies.js";
import { createConnection, type ConnectionStatus } from "./storage/repositories/connections.js";
import { replaceCorsOrigins } from "./storage/repositories/cors-origins.js";
import type { Database } from "./storage/schema.js";

export const DEMO_COMPANY_NAME = "Demo Company";

export interface SeedResult {
  clientId: string;
  apiKey: string;
  /** Where the key came from, for the banner. */
  apiKeySource: "PLATFORM_API_KEY" | "key file";
  apiKeyFile: string | undefined;
  /** When PLATFORM_API_KEY was deleted through the API (it is then not restored, and does not work). */
  apiKeyDeleted?: string | undefined;
  demoCompanyId: string | undefined;
  /** The demo page's own key (DEMO_PAGE=true only), kept in `DATA_DIR/demo-api-key`. */
  demoApiKey: string | undefined;
  /** Whether the demo platform is set up, when this process serves it (see SeedOptions). */
  demoPlatform?: { ready: true } | { ready: false; problem: string };
  seeded: boolean;
}

type DemoPlatformSetUp = { entry: CatalogueEntry } | { problem: string };

export interface SeedOptions {
  /**
   * Sets up (or refreshes) the demo platform as the client's own platform, writing through `db`
   * (the seed's transaction on a new database), and returns its entry, or why it could not.
   * main.ts passes it when this process serves the demo platform: saving a platform and its
   * credentials is the services' work, which the seed does not call itself.
   */
  demoPlatform?: (clientId: string, db: Kysely<Database>) => Promise<DemoPlatformSetUp>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoConnection {
  status: ConnectionStatus;
  authorizedAgoMs: number;
  syncedAgoMs?: number;
}

/** Demo connections with an account's history: first authorized over the past months, last
 * synced within the last day (the pending one has never been authorized nor synced). */
const DEMO_CONNECTIONS: Array<DemoConnection & { key: string }> = [
  { key: "gbol", status: "Linked", authorizedAgoMs: 143 * DAY + 5 * HOUR, syncedAgoMs: 47 * 60_000 },
  { key: "tgff", status: "Unlinked", authorizedAgoMs: 87 * DAY + 2 * HOUR, syncedAgoMs: 21 * HOUR },
  { key: "akxx", status: "Deauthorized", authorizedAgoMs: 31 * DAY + 9 * HOUR, syncedAgoMs: 9 * HOUR },
  { key: SANDBOX_KEY, status: "PendingAuth", authorizedAgoMs: 2 * DAY },
];
/** The connection to the demo platform: its authorization expired, so the demo's Reconnect goes there. */
const DEMO_PLATFORM_CONNECTION: DemoConnection = { status: "Deauthorized", authorizedAgoMs: 12 * DAY + 3 * HOUR, syncedAgoMs: 5 * HOUR };
/** The demo company predates its oldest connection. */
const DEMO_COMPANY_AGE_MS = 190 * DAY;

/** A new database's default client and demo company, in one transaction (the demo platform too, when asked). */
async function seedDefaultClient(context: ServerContext, options: SeedOptions): Promise<{ client: ClientRecord; demoPlatform: SeedResult["demoPlatform"] }> {
  const { db, config } = context;
  const now = context.clock();
  const companyCreated = new Date(now.getTime() - DEMO_COMPANY_AGE_MS);
  return db.transaction().execute(async (trx) => {
    const client = await createClient(trx, { name: "Default client", isDefault: true, now });
    // The client's own platform exists before the connection to it.
    const platform = await options.demoPlatform?.(client.id, trx);
    const connections: Array<DemoConnection & { entry: CatalogueEntry }> = DEMO_CONNECTIONS.map((demo) => ({ ...demo, entry: CATALOGUE.find((e) => e.key === demo.key) as CatalogueEntry }));
    if (platform && "entry" in platform) connections.push({ ...DEMO_PLATFORM_CONNECTION, entry: platform.entry });
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
    for (const { entry, status, authorizedAgoMs, syncedAgoMs } of connections) {
      const created = new Date(now.getTime() - authorizedAgoMs);
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
    return { client, demoPlatform: platform && readiness(platform) };
  });
}

const readiness = (platform: DemoPlatformSetUp): SeedResult["demoPlatform"] =>
  "entry" in platform ? { ready: true } : { ready: false, problem: platform.problem };

/**
 * The key kept in `DATA_DIR/<fileName>` if it still opens this database for the client, else a
 * new key of that name, written there (mode 0600).
 */
async function keyFromFile(context: ServerContext, clientId: string, fileName: string, keyName: string): Promise<{ key: string; file: string }> {
  const file = path.join(context.config.dataDir, fileName);
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    const record = key ? await findApiKeyByHash(context.db, hashApiKey(key)) : undefined;
    if (record?.clientId === clientId) return { key, file };
  }
  const { key } = await createApiKey(context.db, clientId, { name: keyName, now: context.clock() });
  writePrivateFile(file, `${key}\n`);
  return { key, file };
}

/** Seeds a new database and returns what the start banner shows. Idempotent. */
export async function seed(context: ServerContext, options: SeedOptions = {}): Promise<SeedResult> {
  const { db, config } = context;
  const existing = await findDefaultClient(db);
  let client: ClientRecord;
  let demoPlatform: SeedResult["demoPlatform"];
  if (existing) {
    client = existing;
    const platform = await options.demoPlatform?.(client.id, db);
    demoPlatform = platform && readiness(platform);
  } else {
    ({ client, demoPlatform } = await seedDefaultClient(context, options));
  }
  let apiKey: string;
  let apiKeyFile: string | undefined;
  let apiKeyDeleted: string | undefined;
  if (config.platformApiKey) {
    ({ deleted: apiKeyDeleted } = await ensureApiKey(db, client.id, config.platformApiKey, { name: "PLATFORM_API_KEY", now: context.clock() }));
    apiKey = config.platformApiKey;
  } else {
    ({ key: apiKey, file: apiKeyFile } = await keyFromFile(context, client.id, "api-key", "newcomer"));
  }
  // The demo host page's back end has a key of its own, so that its unauthenticated visitors
  // spend that key's rate limit, never the operator's.
  const demoApiKey = config.demoPage ? (await keyFromFile(context, client.id, "demo-api-key", "demo page")).key : undefined;
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
    apiKeyDeleted,
    apiKeyFile,
    demoCompanyId: demo.results[0]?.id,
    demoApiKey,
    ...(demoPlatform ? { demoPlatform } : {}),
    seeded: existing === undefined,
  };
}
