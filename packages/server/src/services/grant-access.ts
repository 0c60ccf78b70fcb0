// Using a connection: what a call to its platform's API needs (the access token, the API base,
// the per-connection headers the platform wants: Xero's tenant, Stripe's account, ...), fresh
// enough to be used. A token about to expire is refreshed first (services/grant-refresh.ts: one
// refresh per connection anywhere); after the platform refused a token (401), one refresh is
// tried unless someone already renewed it. Cached per node for CACHE_TTL_MS at most, so a
// deleted or unlinked connection stops being usable within that time everywhere (at once on
// the node that made the change), as API keys do.
import { TtlCache } from "../cache/ttl-cache.js";
import type { ServerContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { fillTemplate } from "../oauth/definition.js";
import { credentialsAssociatedData, getCredentials } from "../storage/repositories/connection-credentials.js";
import { getConnection } from "../storage/repositories/connections.js";
import { platformAppOf, refreshNow } from "./grant-refresh.js";

/** A token this close to its expiry is renewed before use (at most half its life: see `renewalDueAt`). */
const EXPIRY_SKEW_MS = 30_000;

/**
 * When a token must be renewed before use: EXPIRY_SKEW_MS ahead of its expiry, but never more
 * than half its life ahead, as the background refresher's margin (oauth/refresh-schedule.ts). A
 * token that lives less than the skew would otherwise be renewed by every call that uses it.
 */
function renewalDueAt(expiresAt: number, obtainedAt: number): number {
  if (!Number.isFinite(expiresAt)) return expiresAt;
  return expiresAt - Math.min(EXPIRY_SKEW_MS, Math.max(0, expiresAt - obtainedAt) / 2);
}

export interface ConnectionAccess {
  clientId: string;
  connectionId: string;
  platformName: string;
  accessToken: string;
  tokenType: string;
  /** The header the token goes in as it is (Shopify), instead of `Authorization: <type> <token>`. */
  tokenHeader?: string;
  /** The platform's API base for this connection (templates filled). */
  apiBaseUrl: URL;
  /** Headers every call carries (templates filled): never the client's own. */
  headers: Record<string, string>;
  /** The tokens' version: a refresh after a rejection passes it on, so two callers do not both refresh. */
  version: number;
  /** Epoch ms. */
  expiresAt: number;
}

const caches = new WeakMap<ServerContext, TtlCache<string, ConnectionAccess>>();
function cacheOf(context: ServerContext): TtlCache<string, ConnectionAccess> {
  let cache = caches.get(context);
  if (!cache) {
    cache = new TtlCache(context.config.cacheTtlMs, 100_000);
    caches.set(context, cache);
  }
  return cache;
}

const keyOf = (clientId: string, connectionId: string) => `${clientId}:${connectionId}`;

/** Forgets a connection's access on this node (unlinked, deleted, refreshed). */
export function forgetAccess(context: ServerContext, clientId: string, connectionId: string): void {
  cacheOf(context).delete(keyOf(clientId, connectionId));
}

const notLinked = (status: string) =>
  new ApiError(409, `The connection is ${status}: it holds no grant at its platform. Its owner can reconnect it through its linkUrl.`, { canBeRetried: "False" });

/** The connection's access, renewed first if its token is about to expire. 404 / 409 / 503 otherwise. */
export async function accessFor(context: ServerContext, clientId: string, companyId: string, connectionId: string): Promise<ConnectionAccess> {
  const cache = cacheOf(context);
  const key = keyOf(clientId, connectionId);
  const cached = cache.peek(key);
  // The connection id counts only under its own company: a cached access for another path is a miss.
  const read = cached && readAs.get(cached);
  if (cached && read && read.renewAt > context.clock().getTime() && read.companyId === companyId) return cached;
  const access = await readAccess(context, clientId, companyId, connectionId, true);
  cache.set(key, access);
  return access;
}

/** The company each cached access was read under, and when its token is to be renewed before use. */
const readAs = new WeakMap<ConnectionAccess, { companyId: string; renewAt: number }>();

async function readAccess(context: ServerContext, clientId: string, companyId: string, connectionId: string, mayRefresh: boolean): Promise<ConnectionAccess> {
  const connection = await getConnection(context.db, clientId, companyId, connectionId);
  if (!connection) throw notFound(`Data connection ${connectionId} not found`);
  if (connection.status !== "Linked") throw notLinked(connection.status);
  const credentials = await getCredentials(context.db, clientId, connectionId);
  if (!credentials) throw notLinked("linked without a grant at its platform (the sandbox)");
  const platform = await platformAppOf(context, clientId, connection.integrationKey);
  const definition = platform?.entry.oauth;
  if (!definition) throw new ApiError(409, `${connection.platformName} is not set up for this application any more.`, { canBeRetried: "False" });
  const expiresAt = credentials.expires === null ? Number.POSITIVE_INFINITY : Date.parse(credentials.expires);
  const renewAt = renewalDueAt(expiresAt, Date.parse(credentials.lastRefreshed ?? credentials.obtained));
  if (mayRefresh && renewAt <= context.clock().getTime()) {
    const outcome = await refreshNow(context, clientId, connectionId, credentials.version);
    if (outcome === "refreshed" || outcome === "lost") return readAccess(context, clientId, companyId, connectionId, false);
    if (outcome === "retrying" && expiresAt > context.clock().getTime()) {
      // Renewal failed for now, but the token still works for a few seconds: use it.
    } else if (outcome === "retrying") {
      throw new ApiError(503, `${connection.platformName} could not renew the connection's access right now; try again later.`, { canBeRetried: "True", headers: { "retry-after": "30" } });
    } else {
      return readAccess(context, clientId, companyId, connectionId, false);
    }
  }
  const values = connection.connectionInfo ?? {};
  const base = fillTemplate(definition.apiBaseUrl, values);
  if (base === undefined) throw new ApiError(409, `${connection.platformName}'s API address needs values this connection does not hold.`, { canBeRetried: "False" });
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(definition.apiHeaders)) {
    const value = fillTemplate(template, values);
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const access: ConnectionAccess = {
    clientId,
    connectionId,
    platformName: connection.platformName,
    accessToken: context.secretBox.openText(credentials.accessTokenSealed, credentialsAssociatedData(connectionId, "access")),
    tokenType: credentials.tokenType,
    ...(definition.apiTokenHeader ? { tokenHeader: definition.apiTokenHeader.toLowerCase() } : {}),
    apiBaseUrl: new URL(base),
    headers,
    version: credentials.version,
    expiresAt,
  };
  readAs.set(access, { companyId, renewAt });
  return access;
}

/**
 * The platform refused `rejected`'s token (401): renew it once, unless it was renewed meanwhile,
 * and return the new access; undefined when it could not be renewed.
 */
export async function accessAfterRejection(context: ServerContext, companyId: string, rejected: ConnectionAccess): Promise<ConnectionAccess | undefined> {
  forgetAccess(context, rejected.clientId, rejected.connectionId);
  const outcome = await refreshNow(context, rejected.clientId, rejected.connectionId, rejected.version);
  if (outcome !== "refreshed" && outcome !== "lost") return undefined;
  try {
    return await accessFor(context, rejected.clientId, companyId, rejected.connectionId);
  } catch {
    return undefined;
  }
}
