// A per-company cache of Connections SDK access tokens, for back ends that hand a token to
// every page view: one request per company per token lifetime instead of one per view.
import type { CodatPlatformCore } from "./core.js";
import { UnexpectedClientError } from "./errors/transport.js";
import { connectionManagementGetAccessToken } from "./funcs/connectionManagementGetAccessToken.js";
import type { RequestOptions } from "./lib/options.js";

export interface AccessTokenCacheOptions {
  /** Companies kept at most; the least recently used is dropped first. Default 1000. */
  maxEntries?: number;
  /** A token is replaced this long before its `exp`, so it never reaches a browser about to expire. Default 60 s. */
  refreshBeforeMs?: number;
  /** Lifetime assumed when the token's `exp` cannot be read. Default one hour, as documented. */
  fallbackLifetimeMs?: number;
  /** Options for every token request (timeouts, retries, headers). */
  requestOptions?: RequestOptions;
  /** The clock; for tests. */
  now?: () => number;
}

export interface AccessTokenCache {
  /** A valid token for `companyId`: cached, or fetched once for all concurrent callers. */
  get(companyId: string): Promise<string>;
  /** Forgets a company's token (e.g. after the company's connections changed hands). */
  invalidate(companyId: string): void;
  clear(): void;
  readonly size: number;
}

interface Entry {
  token: Promise<string>;
  /** When to stop handing the token out; Infinity while the request is in flight. */
  staleAt: number;
}

/** `exp` (ms since epoch) from a JWT's payload, without verifying it, or undefined. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "=")));
    return typeof claims?.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function createAccessTokenCache(client: CodatPlatformCore, options: AccessTokenCacheOptions = {}): AccessTokenCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 1000);
  const refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
  const fallbackLifetimeMs = options.fallbackLifetimeMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  async function fetchToken(companyId: string, entry: Entry): Promise<string> {
    const fetchedAt = now();
    const result = await connectionManagementGetAccessToken(client, { companyId }, options.requestOptions);
    // Never cache a failure: drop the entry (unless a newer one already replaced it).
    if (!result.ok || !result.value.accessToken) {
      if (entries.get(companyId) === entry) entries.delete(companyId);
      if (!result.ok) throw result.error;
      throw new UnexpectedClientError("The access token response carried no accessToken");
    }
    const token = result.value.accessToken;
    entry.staleAt = (tokenExpiry(token) ?? fetchedAt + fallbackLifetimeMs) - refreshBeforeMs;
    return token;
  }

  return {
    get(companyId) {
      const cached = entries.get(companyId);
      entries.delete(companyId); // re-inserted below: Map order is the LRU order
      if (cached && now() < cached.staleAt) {
        entries.set(companyId, cached);
        return cached.token;
      }
      const entry: Entry = { token: Promise.resolve(""), staleAt: Infinity };
      entry.token = fetchToken(companyId, entry);
      entries.set(companyId, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return entry.token;
    },
    invalidate(companyId) {
      entries.delete(companyId);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
