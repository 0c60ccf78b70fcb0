// A connection's grant at its platform: stored when the callback links it, released when the
// connection is unlinked or deleted (or its company is). Releasing deletes the stored tokens in
// the caller's transaction and queues their revocation at the platform in that same
// transaction (oauth/revocation.ts): the queue's worker calls the platform after the commit,
// with retries, so a platform that is down never blocks or fails the person's disconnect.
import type { Kysely } from "kysely";
import type { ServerContext } from "../context.js";
import type { TokenSet } from "../oauth/client.js";
import { scheduleRevocation } from "../oauth/revocation.js";
import type { OAuthDefinition } from "../oauth/definition.js";
import { expiryOf, refreshDueAt } from "../oauth/refresh-schedule.js";
import { credentialsAssociatedData, saveCredentials, takeCredentials, type NewTokens } from "../storage/repositories/connection-credentials.js";
import type { ConnectionInfo } from "../storage/repositories/connections.js";
import type { Database } from "../storage/schema.js";
import { forgetAccess } from "./grant-access.js";
import { findPlatform, openAppCredentials } from "./platform-apps.js";

/** The sealed form of new tokens, with their expiry and when to refresh them. */
export function sealTokens(context: ServerContext, connectionId: string, definition: OAuthDefinition, tokens: TokenSet): NewTokens {
  const box = context.secretBox;
  const now = context.clock();
  const expires = expiryOf(definition, now, tokens.expiresAt);
  return {
    accessTokenSealed: box.sealText(tokens.accessToken, credentialsAssociatedData(connectionId, "access")),
    refreshTokenSealed: tokens.refreshToken === undefined ? null : box.sealText(tokens.refreshToken, credentialsAssociatedData(connectionId, "refresh")),
    tokenType: tokens.tokenType,
    scopes: tokens.scopes ?? null,
    expires: expires.toISOString(),
    // Without a refresh token there is nothing to refresh: due when the access token dies, to say so.
    refreshDue: (tokens.refreshToken === undefined ? expires : refreshDueAt(definition, now, expires)).toISOString(),
    now: now.toISOString(),
  };
}

/** Seals and stores the connection's tokens (replacing any it held), in the caller's transaction. */
export async function storeGrant(
  context: ServerContext,
  trx: Kysely<Database>,
  connection: { clientId: string; id: string },
  definition: OAuthDefinition,
  tokens: TokenSet,
): Promise<void> {
  await saveCredentials(trx, connection.id, connection.clientId, sealTokens(context, connection.id, definition, tokens));
}

/** Queues the revocation of `tokens` (a grant this server holds or was just given) at the platform. */
export async function revokeTokens(
  context: ServerContext,
  trx: Kysely<Database>,
  connection: { clientId: string; id: string; integrationKey: string; connectionInfo: ConnectionInfo | null },
  tokens: { accessToken: string; refreshToken?: string },
): Promise<void> {
  const entry = await findPlatform(context, connection.clientId, connection.integrationKey, trx);
  const app = entry?.oauth && (await openAppCredentials(context, connection.clientId, entry.key, trx));
  if (!entry?.oauth || !app) {
    // The app's credentials (or the client's own platform) were removed: nothing can call the platform.
    context.log.warn({ connectionId: connection.id, platformKey: connection.integrationKey }, "grant not revoked: the platform's app is no longer configured");
    return;
  }
  await scheduleRevocation(trx, context.secretBox, {
    clientId: connection.clientId,
    connectionId: connection.id,
    platformKey: entry.key,
    request: { platformName: entry.name, definition: entry.oauth, values: connection.connectionInfo ?? {}, app, ...tokens },
    now: context.clock(),
  });
}

/** Deletes the connection's stored tokens and queues their revocation; nothing when it holds none. */
export async function releaseGrant(
  context: ServerContext,
  trx: Kysely<Database>,
  connection: { clientId: string; id: string; integrationKey: string; connectionInfo: ConnectionInfo | null },
): Promise<void> {
  const sealed = await takeCredentials(trx, connection.clientId, connection.id);
  forgetAccess(context, connection.clientId, connection.id);
  if (!sealed) return;
  const box = context.secretBox;
  const accessToken = box.openText(sealed.accessTokenSealed, credentialsAssociatedData(connection.id, "access"));
  const refreshToken = sealed.refreshTokenSealed === null ? undefined : box.openText(sealed.refreshTokenSealed, credentialsAssociatedData(connection.id, "refresh"));
  await revokeTokens(context, trx, connection, { accessToken, ...(refreshToken === undefined ? {} : { refreshToken }) });
}
