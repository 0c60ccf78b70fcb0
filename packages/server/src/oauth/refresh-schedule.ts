// When a grant is refreshed: ahead of its access token's expiry by a margin, and, where the
// platform lets unused refresh tokens die, at least every half of their idle life (keep-alive),
// so a connection nobody uses for weeks still works. A refresh that fails for a reason that may
// pass (the platform down, overloaded, unreachable) is retried with exponential backoff and
// jitter per connection, so one broken connection, or a platform outage, never turns into a
// storm; only failures lasting DEAUTHORIZE_AFTER_MS without a break deauthorize it.
import type { OAuthDefinition } from "./definition.js";

/** An access token's life when the platform does not say (no `expires_in`). */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** Refresh this long before expiry by default. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 300;
/** Continuous failure for this long (an outage that never ends) deauthorizes the connection. */
export const DEAUTHORIZE_AFTER_MS = 72 * 3_600_000;
/** First retry after a failed refresh, doubled per failure up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 15_000;
export const MAX_BACKOFF_MS = 30 * 60_000;
/**
 * How long one node may hold a connection's refresh before another may take it over (a node that
 * died mid-refresh delays that connection's refresh by this much, well within any refresh margin).
 * Long enough that a grant claimed a moment ago is refreshed without renewing the claim first:
 * see services/grant-refresh.ts.
 */
export const REFRESH_LEASE_MS = 60_000;

const DAY_MS = 86_400_000;

/** When the access token expires: the platform's word, else the definition's (or the default) lifetime. */
export function expiryOf(definition: OAuthDefinition, obtainedAt: Date, expiresAt: Date | undefined): Date {
  if (expiresAt) return expiresAt;
  return new Date(obtainedAt.getTime() + (definition.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS) * 1000);
}

/** When to refresh tokens obtained at `obtainedAt` that expire at `expiresAt`. */
export function refreshDueAt(definition: OAuthDefinition, obtainedAt: Date, expiresAt: Date): Date {
  const life = Math.max(0, expiresAt.getTime() - obtainedAt.getTime());
  const margin = Math.min((definition.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS) * 1000, life / 2);
  let due = expiresAt.getTime() - margin;
  if (definition.refreshTokenIdleDays !== undefined) due = Math.min(due, obtainedAt.getTime() + (definition.refreshTokenIdleDays * DAY_MS) / 2);
  return new Date(due);
}

/** The wait before retrying after `failures` failed attempts in a row, with ±20 % jitter. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The longest wait a platform's `Retry-After` may impose on a connection's next refresh. */
export const MAX_RETRY_AFTER_MS = 6 * 3_600_000;

/**
 * A `Retry-After` header's wait in ms (delay-seconds or an HTTP date, RFC 9110 §10.2.3), at most
 * MAX_RETRY_AFTER_MS; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}
