// Direct, bulk seeding of OAuth-linked connections for the refresher and proxy benchmarks: the
// server's migrations, then one client (the default client, with the benchmark's API key, so a
// node starting on the database seeds nothing of its own), one platform of the client's own
// (the generic OAuth 2.0 platform, its definition built by the server's `toDefinition`) with the
// client's app at it, `connections` Linked connections to it (one company per
// `connectionsPerCompany` of them), and their credentials: access and refresh tokens sealed as
// the server seals them (the same SIGNING_KEY_SECRET and associated data), due dates and expiry
// as the caller says. Rows go in by multi-row INSERTs of 1 000, in one transaction, so 100 000
// connections take seconds. Ids are deterministic: connection i (0-based) is
// e0000000-0000-4000-8000-<i + 1 in 12 hex digits>, its company c0000000-…-<⌊i / per⌋ + 1>.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { toDefinition, secretAssociatedData } from "../../packages/server/src/services/platform-apps.js";
import { openDatabase, type DialectName } from "../../packages/server/src/storage/dialect.js";
import { migrateToLatest } from "../../packages/server/src/storage/migrate.js";
import { createApiKey } from "../../packages/server/src/storage/repositories/api-keys.js";
import { createClient } from "../../packages/server/src/storage/repositories/clients.js";
import { credentialsAssociatedData } from "../../packages/server/src/storage/repositories/connection-credentials.js";
import { SecretBox } from "../../packages/server/src/tokens/secret-box.js";

const hex12 = (n: number): string => n.toString(16).padStart(12, "0");
export const connectionId = (i: number): string => `e0000000-0000-4000-8000-${hex12(i + 1)}`;
export const companyIdOf = (i: number, perCompany: number): string => `c0000000-0000-4000-8000-${hex12(Math.floor(i / perCompany) + 1)}`;
/** The connection index of a seeded connection id. */
export const indexOfConnection = (id: string): number => parseInt(id.slice(24), 16) - 1;

/** The platform's key, as connections name it (`integration_key`). */
export const PLATFORM_KEY = "bench-oauth";
/** The client's app at the platform: the token endpoint checks these (client_secret_basic). */
export const APP_CLIENT_ID = "bench-app";
export const APP_CLIENT_SECRET = "bench-app-secret-0123456789";

export interface SeedInput {
  databaseUrl: string;
  /** SIGNING_KEY_SECRET of the nodes that will read the tokens. */
  signingKeySecret: string;
  apiKey: string;
  connections: number;
  connectionsPerCompany: number;
  tokenUrl: string;
  apiBaseUrl: string;
  accessToken(i: number): string;
  /** Null: the connection holds no refresh token. */
  refreshToken(i: number): string | null;
  expires(i: number): Date;
  refreshDue(i: number): Date;
}

export interface SeedResult {
  clientId: string;
  dialect: DialectName;
  milliseconds: number;
}

const BATCH = 1000;

export async function seedLinkedConnections(input: SeedInput): Promise<SeedResult> {
  const started = performance.now();
  const { db, dialect } = openDatabase(input.databaseUrl);
  try {
    await migrateToLatest(db);
    const box = SecretBox.fromSecret(input.signingKeySecret);
    const now = new Date();
    const iso = now.toISOString();
    const origin = new URL(input.tokenUrl).origin;
    const definition = toDefinition({
      authorizeUrl: `${origin}/authorize`,
      tokenUrl: input.tokenUrl,
      apiBaseUrl: input.apiBaseUrl,
      clientAuthentication: "client_secret_basic",
    });
    const integrationId = randomUUID();
    const sourceId = randomUUID();
    const platformName = "Bench Platform";
    const clientId = await db.transaction().execute(async (trx) => {
      const client = await createClient(trx, { name: "Bench client", isDefault: true, now });
      await createApiKey(trx, client.id, { name: "bench", key: input.apiKey, now });
      await trx
        .insertInto("custom_platforms")
        .values({
          client_id: client.id,
          platform_key: PLATFORM_KEY,
          name: platformName,
          source_type: "Accounting",
          integration_id: integrationId,
          source_id: sourceId,
          definition: JSON.stringify(definition),
          created_date: iso,
          modified_date: iso,
        })
        .execute();
      await trx
        .insertInto("platform_apps")
        .values({
          client_id: client.id,
          platform_key: PLATFORM_KEY,
          oauth_client_id: APP_CLIENT_ID,
          client_secret_sealed: box.sealText(APP_CLIENT_SECRET, secretAssociatedData(client.id, PLATFORM_KEY)),
          scopes: null,
          created_date: iso,
          modified_date: iso,
        })
        .execute();

      const companies = Math.ceil(input.connections / input.connectionsPerCompany);
      for (let from = 0; from < companies; from += BATCH) {
        const rows = [];
        for (let c = from; c < Math.min(companies, from + BATCH); c++) {
          rows.push({
            id: companyIdOf(c * input.connectionsPerCompany, input.connectionsPerCompany),
            client_id: client.id,
            name: `Bench company ${c + 1}`,
            description: "",
            tags: "{}",
            created_date: iso,
            modified_date: iso,
            last_sync: null,
          });
        }
        await trx.insertInto("companies").values(rows).execute();
      }
      for (let from = 0; from < input.connections; from += BATCH) {
        const connections = [];
        const credentials = [];
        for (let i = from; i < Math.min(input.connections, from + BATCH); i++) {
          const id = connectionId(i);
          connections.push({
            id,
            client_id: client.id,
            company_id: companyIdOf(i, input.connectionsPerCompany),
            integration_id: integrationId,
            integration_key: PLATFORM_KEY,
            source_id: sourceId,
            source_type: "Accounting",
            platform_name: platformName,
            status: "Linked",
            created_date: iso,
            modified_date: iso,
            last_sync: null,
            errors: null,
            connection_info: null,
          });
          const refreshToken = input.refreshToken(i);
          credentials.push({
            connection_id: id,
            client_id: client.id,
            access_token_sealed: box.sealText(input.accessToken(i), credentialsAssociatedData(id, "access")),
            refresh_token_sealed: refreshToken === null ? null : box.sealText(refreshToken, credentialsAssociatedData(id, "refresh")),
            token_type: "Bearer",
            scopes: null,
            expires_date: input.expires(i).toISOString(),
            obtained_date: iso,
            modified_date: iso,
            version: 1,
            refresh_due_date: input.refreshDue(i).toISOString(),
            claimed_until: null,
            claim_id: null,
            failures: 0,
            failing_since: null,
            last_refreshed_date: null,
          });
        }
        await trx.insertInto("connections").values(connections).execute();
        await trx.insertInto("connection_credentials").values(credentials).execute();
      }
      return client.id;
    });
    // Planner statistics; on PostgreSQL also the vacuum autovacuum would otherwise start during
    // the measurement (a bulk insert triggers it), and the fill written out (CHECKPOINT needs a
    // superuser or pg_checkpoint; skipped without).
    if (dialect === "postgres") {
      await sql`VACUUM (ANALYZE)`.execute(db);
      await sql`CHECKPOINT`.execute(db).catch(() => undefined);
    } else {
      await sql`ANALYZE`.execute(db);
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    }
    return { clientId, dialect, milliseconds: Math.round(performance.now() - started) };
  } finally {
    await db.destroy();
  }
}

/** What the database holds after a run: refreshed rows, claims left, failures, statuses, and the refresh tokens opened. */
export async function readBack(
  databaseUrl: string,
  signingKeySecret: string,
): Promise<{
  rows: number;
  refreshed: number;
  versions: Record<string, number>;
  claimed: number;
  /** Connection indexes whose rows a claim still holds (a refresh in flight when the node stopped). */
  claimedIndexes: Set<number>;
  failing: number;
  notLinked: number;
  refreshTokens: Map<number, string | null>;
}> {
  const { db } = openDatabase(databaseUrl);
  try {
    const box = SecretBox.fromSecret(signingKeySecret);
    const rows = await db
      .selectFrom("connection_credentials")
      .select(["connection_id", "refresh_token_sealed", "version", "claimed_until", "failures", "last_refreshed_date"])
      .execute();
    // Connections of any status: a deauthorized one has lost its credentials row.
    const notLinkedRow = await db.selectFrom("connections").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "!=", "Linked").executeTakeFirstOrThrow();
    const versions: Record<string, number> = {};
    const refreshTokens = new Map<number, string | null>();
    let refreshed = 0;
    const claimedIndexes = new Set<number>();
    let failing = 0;
    const notLinked = Number(notLinkedRow.n);
    for (const row of rows) {
      const version = String(row.version);
      versions[version] = (versions[version] ?? 0) + 1;
      if (row.last_refreshed_date !== null) refreshed++;
      if (row.claimed_until !== null) claimedIndexes.add(indexOfConnection(row.connection_id));
      if (Number(row.failures) > 0) failing++;
      refreshTokens.set(
        indexOfConnection(row.connection_id),
        row.refresh_token_sealed === null ? null : box.openText(row.refresh_token_sealed, credentialsAssociatedData(row.connection_id, "refresh")),
      );
    }
    return { rows: rows.length, refreshed, versions, claimed: claimedIndexes.size, claimedIndexes, failing, notLinked, refreshTokens };
  } finally {
    await db.destroy();
  }
}
