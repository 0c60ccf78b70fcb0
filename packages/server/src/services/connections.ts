// Connection writes. Each runs in one transaction in which the status rules
// (connections/transitions.ts) record the connection's outbox event, whether the change comes
// from an API key, the Connections UI's bearer token, the authorization page or the company
// link page.
import { platformFieldsOf, SANDBOX_KEY, type CatalogueEntry } from "../catalogue/integrations.js";
import { changeConnectionStatus, recordAuthorizationFailure, recordConnectionEvent } from "../connections/transitions.js";
import type { ServerContext } from "../context.js";
import { ApiError, badRequest } from "../errors.js";
import { releaseGrant } from "./grants.js";
import { findPlatform, isPlatformEnabled, platformNotEnabled } from "./platform-apps.js";
import { getCompany, lockCompany, type CompanyRecord } from "../storage/repositories/companies.js";
import {
  countConnections,
  createConnection as insertConnection,
  deleteConnection as removeConnection,
  findConnectionsTo,
  findWaitingConnection,
  getConnection,
  lockConnection,
  type ConnectionRecord,
  type ConnectionStatus,
} from "../storage/repositories/connections.js";
import type { Database } from "../storage/schema.js";
import type { LinkGrant } from "../tokens/link-tokens.js";
import type { Kysely } from "kysely";

/** Connections a company may have for its link page to open one more (the API has no such bound). */
export const MAX_COMPANY_CONNECTIONS = 20;

/** A new PendingAuth connection of `company` to `integration`, with its `connection.created` event. */
async function openConnection(context: ServerContext, trx: Kysely<Database>, company: CompanyRecord, integration: CatalogueEntry, now: Date) {
  const record = await insertConnection(trx, company.clientId, company.id, { ...platformFieldsOf(integration), status: "PendingAuth", now });
  await recordConnectionEvent(trx, "connection.created", company, record, context.config.publicUrl, now);
  return record;
}

/** A new connection to a platform the client has set up; a platform it has not is a 400 saying how. */
export async function createConnection(context: ServerContext, company: CompanyRecord, integration: CatalogueEntry): Promise<ConnectionRecord> {
  if (!(await isPlatformEnabled(context, company.clientId, integration))) throw platformNotEnabled(integration);
  const now = context.clock();
  return context.db.transaction().execute((trx) => openConnection(context, trx, company, integration, now));
}

/**
 * Deletes the connection and records `connection.deleted`, releasing its grant (tokens deleted,
 * revocation queued) in the same transaction; false when it was gone already.
 */
export async function deleteConnection(context: ServerContext, company: CompanyRecord, connection: ConnectionRecord): Promise<boolean> {
  const now = context.clock();
  return context.db.transaction().execute(async (trx) => {
    const current = await lockConnection(trx, company.clientId, connection.id);
    if (!current) return false;
    await releaseGrant(context, trx, current);
    if (!(await removeConnection(trx, company.clientId, company.id, connection.id))) return false;
    await recordConnectionEvent(trx, "connection.deleted", company, connection, context.config.publicUrl, now);
    return true;
  });
}

/**
 * Moves the connection to `to` with its event; throws `TransitionError` when the rules refuse.
 * Unlinking releases the grant (tokens deleted, revocation at the platform queued) in the same
 * transaction.
 */
export async function changeStatus(
  context: ServerContext,
  company: CompanyRecord,
  connection: ConnectionRecord,
  to: ConnectionStatus,
): Promise<ConnectionRecord> {
  const { publicUrl } = context.config;
  return context.db.transaction().execute(async (trx) => {
    const current = (await lockConnection(trx, company.clientId, connection.id)) ?? connection;
    const changed = await changeConnectionStatus({ db: trx, company, connection: current, publicUrl, now: context.clock() }, to);
    if (to === "Unlinked") await releaseGrant(context, trx, current);
    return changed;
  });
}

/**
 * Credentials-based authorization: the connection is linked when every field its platform
 * needs is present (they are checked, never stored), else the failure is recorded
 * (`connection.failed`, an error entry) and the status stays.
 */
export async function updateAuthorization(
  context: ServerContext,
  company: CompanyRecord,
  connection: ConnectionRecord,
  credentials: Record<string, string>,
): Promise<ConnectionRecord> {
  const integration = await findPlatform(context, company.clientId, connection.integrationKey);
  if (!integration) throw new ApiError(500, "connection refers to an unknown integration");
  if (!integration.authorizationFields) {
    const message = `${integration.name} is authorized over OAuth 2.0 at ${integration.name} itself: send its owner to the connection's linkUrl.`;
    throw badRequest(message, [{ itemId: "body", message, validatorName: "oauth" }]);
  }
  const missing = integration.authorizationFields.filter((field) => !credentials[field]?.trim());
  if (missing.length === 0) return changeStatus(context, company, connection, "Linked");
  const reason = `Authorization failed: ${integration.name} needs ${missing.join(", ")}.`;
  const { publicUrl } = context.config;
  return context.db.transaction().execute((trx) => recordAuthorizationFailure({ db: trx, company, connection, publicUrl, now: context.clock() }, reason));
}

/** Reconnecting: the sandbox platform links at once; any other connection is returned as it is. */
export async function reconnect(context: ServerContext, company: CompanyRecord, connection: ConnectionRecord): Promise<ConnectionRecord> {
  if (connection.status === "Linked" || connection.integrationKey !== SANDBOX_KEY) return connection;
  return changeStatus(context, company, connection, "Linked");
}

/** The grant's company and connection, unless the connection changed since the grant was made. */
export async function findGrantedConnection(db: Kysely<Database>, grant: LinkGrant | undefined) {
  if (!grant) return undefined;
  const company = await getCompany(db, grant.clientId, grant.companyId);
  const connection = company && (await getConnection(db, grant.clientId, grant.companyId, grant.connectionId));
  if (!company || !connection || connection.modified !== grant.version) return undefined;
  return { company, connection };
}

/**
 * The authorization page's answer: approving links the connection (its event in the same
 * transaction); declining changes nothing. Undefined when the link no longer fits the connection.
 */
export async function answerAuthorization(
  context: ServerContext,
  grant: LinkGrant | undefined,
  approved: boolean,
): Promise<{ connection: ConnectionRecord; firstTime: boolean } | undefined> {
  const { publicUrl } = context.config;
  return context.db.transaction().execute(async (trx) => {
    const found = await findGrantedConnection(trx, grant);
    if (!found) return undefined;
    const { company, connection } = found;
    const firstTime = connection.status === "PendingAuth";
    if (!approved) return { connection, firstTime };
    const linked = await changeConnectionStatus({ db: trx, company, connection, publicUrl, now: context.clock() }, "Linked");
    return { connection: linked, firstTime };
  });
}

/** The company already has these connections to the chosen platform (none of them waiting). */
export interface ExistingConnections {
  existing: ConnectionRecord[];
}

/**
 * The company link page's choice of a platform, in one transaction holding the company: the
 * connection of that platform still waiting for its first authorization, or else a new one
 * (with its event); "full" at MAX_COMPANY_CONNECTIONS, "gone" when the company was deleted
 * meanwhile. A platform the company already has a connection to gets no second one unless
 * `another` asks for it (the owner confirmed "Connect another account"): the existing ones are
 * returned instead, to reconnect. The sandbox has no consent screen to visit: it links at once,
 * as reconnect does.
 */
export async function chooseConnection(
  context: ServerContext,
  company: CompanyRecord,
  integration: CatalogueEntry,
  options: { another?: boolean } = {},
): Promise<ConnectionRecord | ExistingConnections | "full" | "gone"> {
  const { publicUrl } = context.config;
  return context.db.transaction().execute(async (trx): Promise<ConnectionRecord | ExistingConnections | "full" | "gone"> => {
    // Concurrent choices see each other while the company is held.
    if (!(await lockCompany(trx, company.clientId, company.id))) return "gone";
    const now = context.clock();
    let connection = await findWaitingConnection(trx, company.clientId, company.id, integration.key);
    if (!connection) {
      if (!options.another) {
        const existing = await findConnectionsTo(trx, company.clientId, company.id, integration.key);
        if (existing.length > 0) return { existing };
      }
      if ((await countConnections(trx, company.clientId, company.id)) >= MAX_COMPANY_CONNECTIONS) return "full";
      connection = await openConnection(context, trx, company, integration, now);
    }
    if (integration.key !== SANDBOX_KEY) return connection;
    return changeConnectionStatus({ db: trx, company, connection, publicUrl, now }, "Linked");
  });
}
