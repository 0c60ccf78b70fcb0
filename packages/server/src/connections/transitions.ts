// The one place where a connection's status changes. Every route that links, unlinks,
// reconnects or fails a connection calls `changeConnectionStatus` / `recordAuthorizationFailure`
// inside its transaction, so the status rules and the outbox events cannot drift apart.
import type { Kysely } from "kysely";
import { recordEvent, type EventType } from "../events/outbox.js";
import type { CompanyRecord } from "../storage/repositories/companies.js";
import {
  saveConnectionState,
  type ConnectionError,
  type ConnectionInfo,
  type ConnectionRecord,
  type ConnectionStatus,
} from "../storage/repositories/connections.js";
import type { Database } from "../storage/schema.js";
import { toCompanyReference, toConnection } from "../wire.js";

export class TransitionError extends Error {
  override name = "TransitionError";
}

/** The event a status change raises; undefined when the change is not allowed. */
export function eventForTransition(from: ConnectionStatus, to: ConnectionStatus): EventType | undefined {
  if (to === "Linked") {
    if (from === "PendingAuth") return "connection.connected";
    if (from === "Unlinked" || from === "Deauthorized") return "connection.reconnected";
    return undefined;
  }
  if (to === "Unlinked" && from !== "Unlinked") return "connection.disconnected";
  // The platform no longer grants access (the owner revoked it, or it lapsed): disconnected too.
  if (to === "Deauthorized" && from === "Linked") return "connection.disconnected";
  return undefined;
}

export interface TransitionContext {
  db: Kysely<Database>;
  company: CompanyRecord;
  connection: ConnectionRecord;
  publicUrl: string;
  now: Date;
}

/** Active errors marked Resolved (linking again resolves what broke the connection). */
function resolveErrors(errors: ConnectionError[] | null, now: Date): ConnectionError[] | null {
  if (!errors) return null;
  return errors.map((error) => (error.status === "Active" ? { ...error, status: "Resolved", resolvedOnUtc: now.toISOString() } : error));
}

/** Writes the connection event (ConnectionWebhook payload) for `connection` to the outbox. */
export async function recordConnectionEvent(
  db: Kysely<Database>,
  eventType: EventType,
  company: CompanyRecord,
  connection: ConnectionRecord,
  publicUrl: string,
  now: Date,
): Promise<void> {
  await recordEvent(db, {
    clientId: company.clientId,
    companyId: company.id,
    eventType,
    payload: { referenceCompany: toCompanyReference(company), connection: toConnection(connection, publicUrl) },
    generatedDate: now,
  });
}

/**
 * Moves the connection to `to`, resolving its active errors on linking (and keeping what the
 * platform said about the account, `connectionInfo`), and records the event, in the caller's
 * transaction. Asking for the status it already has changes nothing (idempotent); a
 * transition the rules do not allow throws `TransitionError`.
 */
export async function changeConnectionStatus(ctx: TransitionContext, to: ConnectionStatus, connectionInfo?: ConnectionInfo): Promise<ConnectionRecord> {
  const { connection } = ctx;
  if (connection.status === to) return connection;
  const eventType = eventForTransition(connection.status, to);
  if (!eventType) throw new TransitionError(`A ${connection.status} connection cannot become ${to}.`);
  const linking = to === "Linked";
  const updated: ConnectionRecord = {
    ...connection,
    status: to,
    errors: linking ? resolveErrors(connection.errors, ctx.now) : connection.errors,
    lastSync: linking ? ctx.now.toISOString() : connection.lastSync,
    modified: ctx.now.toISOString(),
    ...(connectionInfo ? { connectionInfo } : {}),
  };
  await saveConnectionState(ctx.db, connection.clientId, connection.id, {
    status: updated.status,
    errors: updated.errors,
    lastSync: updated.lastSync,
    ...(connectionInfo ? { connectionInfo } : {}),
    now: ctx.now,
  });
  await recordConnectionEvent(ctx.db, eventType, ctx.company, updated, ctx.publicUrl, ctx.now);
  return updated;
}

/** What the platform (or this server) said when an authorization failed. */
export interface FailureStatus {
  statusCode: string;
  statusText: string;
}

/** Records a failed authorization: status unchanged, an active error added, `connection.failed`. */
export async function recordAuthorizationFailure(
  ctx: TransitionContext,
  reason: string,
  status: FailureStatus = { statusCode: "401", statusText: "Unauthorized" },
): Promise<ConnectionRecord> {
  const error: ConnectionError = {
    statusCode: status.statusCode,
    statusText: status.statusText,
    errorMessage: reason,
    erroredOnUtc: ctx.now.toISOString(),
    status: "Active",
  };
  const updated: ConnectionRecord = { ...ctx.connection, errors: [...(ctx.connection.errors ?? []), error].slice(-10), modified: ctx.now.toISOString() };
  await saveConnectionState(ctx.db, updated.clientId, updated.id, { status: updated.status, errors: updated.errors, now: ctx.now });
  await recordConnectionEvent(ctx.db, "connection.failed", ctx.company, updated, ctx.publicUrl, ctx.now);
  return updated;
}

/**
 * The platform no longer grants access: Linked → Deauthorized with an active error saying why,
 * in one write and one `connection.disconnected` event. Anything but a Linked connection is
 * left as it is.
 */
export async function deauthorizeConnection(ctx: TransitionContext, reason: string, status: FailureStatus): Promise<ConnectionRecord> {
  if (ctx.connection.status !== "Linked") return ctx.connection;
  const error: ConnectionError = { ...status, errorMessage: reason, erroredOnUtc: ctx.now.toISOString(), status: "Active" };
  const updated: ConnectionRecord = {
    ...ctx.connection,
    status: "Deauthorized",
    errors: [...(ctx.connection.errors ?? []), error].slice(-10),
    modified: ctx.now.toISOString(),
  };
  await saveConnectionState(ctx.db, updated.clientId, updated.id, { status: updated.status, errors: updated.errors, now: ctx.now });
  await recordConnectionEvent(ctx.db, "connection.disconnected", ctx.company, updated, ctx.publicUrl, ctx.now);
  return updated;
}

/** Adds an active error to a connection whose status stays (a platform outage while refreshing), without an event. */
export async function noteConnectionError(ctx: TransitionContext, reason: string, status: FailureStatus): Promise<ConnectionRecord> {
  const error: ConnectionError = { ...status, errorMessage: reason, erroredOnUtc: ctx.now.toISOString(), status: "Active" };
  const updated: ConnectionRecord = { ...ctx.connection, errors: [...(ctx.connection.errors ?? []), error].slice(-10) };
  await saveConnectionState(ctx.db, updated.clientId, updated.id, { status: updated.status, errors: updated.errors, now: ctx.now });
  return updated;
}

/** Marks a connection's active errors Resolved (its grant works again), without an event. */
export async function resolveConnectionErrors(ctx: TransitionContext): Promise<ConnectionRecord> {
  const errors = resolveErrors(ctx.connection.errors, ctx.now);
  if (!ctx.connection.errors?.some((error) => error.status === "Active")) return ctx.connection;
  const updated: ConnectionRecord = { ...ctx.connection, errors };
  await saveConnectionState(ctx.db, updated.clientId, updated.id, { status: updated.status, errors, now: ctx.now });
  return updated;
}
