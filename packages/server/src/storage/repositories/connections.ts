// Data connections of one client's companies.
import type { Kysely } from "kysely";
import { lockingRows } from "../dialect.js";
import { newId } from "../ids.js";
import { fetchPage, type PageRequest } from "../paging.js";
import { parseOrderBy, queryFilter } from "../query.js";
import type { Database } from "../schema.js";

export type ConnectionStatus = "PendingAuth" | "Linked" | "Unlinked" | "Deauthorized";

export interface ConnectionError {
  statusCode: string;
  statusText: string;
  errorMessage: string;
  erroredOnUtc: string;
  status: "Active" | "Resolved";
  resolvedOnUtc?: string;
}

/** Non-secret values kept from the platform (realmId, tenantId, shop, stripe_user_id, ...). */
export type ConnectionInfo = Record<string, string>;

export interface ConnectionRecord {
  id: string;
  clientId: string;
  companyId: string;
  integrationId: string;
  integrationKey: string;
  sourceId: string;
  sourceType: string;
  platformName: string;
  status: ConnectionStatus;
  created: string;
  modified: string;
  lastSync: string | null;
  errors: ConnectionError[] | null;
  connectionInfo: ConnectionInfo | null;
}

const COLUMNS: Record<string, string> = {
  id: "id",
  integrationKey: "integration_key",
  integrationId: "integration_id",
  platformName: "platform_name",
  sourceType: "source_type",
  status: "status",
  created: "created_date",
  modifiedDate: "modified_date",
  lastSync: "last_sync",
};

function toRecord(row: Database["connections"]): ConnectionRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    companyId: row.company_id,
    integrationId: row.integration_id,
    integrationKey: row.integration_key,
    sourceId: row.source_id,
    sourceType: row.source_type,
    platformName: row.platform_name,
    status: row.status as ConnectionStatus,
    created: row.created_date,
    modified: row.modified_date,
    lastSync: row.last_sync,
    errors: row.errors === null ? null : (JSON.parse(row.errors) as ConnectionError[]),
    connectionInfo: row.connection_info === null ? null : (JSON.parse(row.connection_info) as ConnectionInfo),
  };
}

export interface ConnectionInput {
  integrationId: string;
  integrationKey: string;
  sourceId: string;
  sourceType: string;
  platformName: string;
  status: ConnectionStatus;
  lastSync?: string | null;
}

export async function createConnection(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  input: ConnectionInput & { now: Date },
): Promise<ConnectionRecord> {
  const now = input.now.toISOString();
  const row = {
    id: newId(),
    client_id: clientId,
    company_id: companyId,
    integration_id: input.integrationId,
    integration_key: input.integrationKey,
    source_id: input.sourceId,
    source_type: input.sourceType,
    platform_name: input.platformName,
    status: input.status,
    created_date: now,
    modified_date: now,
    last_sync: input.lastSync ?? null,
    errors: null,
    connection_info: null,
  };
  await db.insertInto("connections").values(row).execute();
  return toRecord(row);
}

export async function getConnection(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  connectionId: string,
): Promise<ConnectionRecord | undefined> {
  const row = await db
    .selectFrom("connections")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .where("id", "=", connectionId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function listConnections(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  request: PageRequest,
): Promise<{ results: ConnectionRecord[]; totalResults: number }> {
  const order = parseOrderBy(request.orderBy, COLUMNS, "Connection") ?? { column: "created_date", direction: "asc" };
  let base = db.selectFrom("connections").where("client_id", "=", clientId).where("company_id", "=", companyId);
  if (request.query) base = base.where(queryFilter<Database, "connections">(request.query, COLUMNS, "Connection"));
  const { rows, totalResults } = await fetchPage<Database["connections"]>(base as never, order, request);
  return { results: rows.map(toRecord), totalResults };
}

/** All connections of the given companies, for embedding `dataConnections` in company bodies. */
export async function listConnectionsOfCompanies(
  db: Kysely<Database>,
  clientId: string,
  companyIds: string[],
): Promise<Map<string, ConnectionRecord[]>> {
  const byCompany = new Map<string, ConnectionRecord[]>(companyIds.map((id) => [id, []]));
  if (companyIds.length === 0) return byCompany;
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("company_id", "in", companyIds)
    .orderBy("created_date")
    .orderBy("id")
    .execute();
  for (const row of rows) byCompany.get(row.company_id)?.push(toRecord(row));
  return byCompany;
}

/** Writes a new status (and errors); callers go through `connections/transitions.ts`. */
export async function saveConnectionState(
  db: Kysely<Database>,
  clientId: string,
  connectionId: string,
  state: { status: ConnectionStatus; errors: ConnectionError[] | null; lastSync?: string | null; connectionInfo?: ConnectionInfo | null; now: Date },
): Promise<void> {
  const set: Partial<Database["connections"]> = {
    status: state.status,
    errors: state.errors === null ? null : JSON.stringify(state.errors),
    modified_date: state.now.toISOString(),
  };
  if (state.lastSync !== undefined) set.last_sync = state.lastSync;
  if (state.connectionInfo !== undefined) set.connection_info = state.connectionInfo === null ? null : JSON.stringify(state.connectionInfo);
  await db.updateTable("connections").set(set).where("client_id", "=", clientId).where("id", "=", connectionId).execute();
}

export async function deleteConnection(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  connectionId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("connections")
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .where("id", "=", connectionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A connection of the company to this integration still waiting for its first authorization. */
export async function findWaitingConnection(
  db: Kysely<Database>,
  clientId: string,
  companyId: string,
  integrationKey: string,
): Promise<ConnectionRecord | undefined> {
  const row = await db
    .selectFrom("connections")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .where("integration_key", "=", integrationKey)
    .where("status", "=", "PendingAuth")
    .orderBy("created_date")
    .orderBy("id")
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The company's connections to one platform, oldest first. */
export async function findConnectionsTo(db: Kysely<Database>, clientId: string, companyId: string, integrationKey: string): Promise<ConnectionRecord[]> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .where("integration_key", "=", integrationKey)
    .orderBy("created_date")
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

export async function countConnections(db: Kysely<Database>, clientId: string, companyId: string): Promise<number> {
  const row = await db
    .selectFrom("connections")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The connection, locked until the transaction ends (PostgreSQL), for a change that must see the latest row. */
export async function lockConnection(db: Kysely<Database>, clientId: string, connectionId: string): Promise<ConnectionRecord | undefined> {
  const row = await lockingRows(db, db.selectFrom("connections").selectAll().where("client_id", "=", clientId).where("id", "=", connectionId)).executeTakeFirst();
  return row && toRecord(row);
}

/** Ids of a company's connections (to revoke their grants before the company goes). */
export async function listConnectionIdsOfCompany(db: Kysely<Database>, clientId: string, companyId: string): Promise<Array<{ id: string; integrationKey: string; connectionInfo: ConnectionInfo | null }>> {
  const rows = await db
    .selectFrom("connections")
    .select(["id", "integration_key", "connection_info"])
    .where("client_id", "=", clientId)
    .where("company_id", "=", companyId)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    integrationKey: row.integration_key,
    connectionInfo: row.connection_info === null ? null : (JSON.parse(row.connection_info) as ConnectionInfo),
  }));
}

/** Connections of the client to a platform (a custom platform cannot be removed while it has some). */
export async function countConnectionsToPlatform(db: Kysely<Database>, clientId: string, integrationKey: string): Promise<number> {
  const row = await db
    .selectFrom("connections")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("client_id", "=", clientId)
    .where("integration_key", "=", integrationKey)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
