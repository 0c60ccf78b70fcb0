// What keeps the hot path off the database: API keys, company existence and allowed origins,
// each served from memory for at most CACHE_TTL_MS (≤ 1 s), the bound on how long another node
// may lag behind a change. A write forgets what it changed on this node at once (services/).
import type { Kysely } from "kysely";
import type { MaybePromise } from "../lib/maybe-promise.js";
import { findApiKeyByHash, type ApiKeyRecord } from "../storage/repositories/api-keys.js";
import { companyExists } from "../storage/repositories/companies.js";
import { listCorsOrigins } from "../storage/repositories/cors-origins.js";
import type { Database } from "../storage/schema.js";
import { TtlCache } from "./ttl-cache.js";

export type CachedApiKey = ApiKeyRecord & { keyHash: Buffer };

export class ReadCaches {
  private readonly apiKeys: TtlCache<string, CachedApiKey | null>;
  /**
   * Saves decoding and hashing a known key on every request. Positive results only, each
   * expiring with the hash-keyed entry it came from, so revocation is still seen within the TTL.
   */
  private readonly apiKeyHeaders: TtlCache<string, CachedApiKey>;
  private readonly companies: TtlCache<string, boolean>;
  private readonly origins: TtlCache<string, string[]>;

  constructor(
    private readonly db: Kysely<Database>,
    ttlMs: number,
  ) {
    this.apiKeys = new TtlCache(ttlMs);
    this.apiKeyHeaders = new TtlCache(ttlMs);
    this.companies = new TtlCache(ttlMs, 100_000);
    this.origins = new TtlCache(ttlMs);
  }

  /** API key by its SHA-256 → its record; null (also cached) when there is no such key. */
  apiKeyByHash(keyHash: Buffer): MaybePromise<CachedApiKey | null> {
    return this.apiKeys.get(keyHash.toString("base64url"), async () => (await findApiKeyByHash(this.db, keyHash)) ?? null);
  }

  /** The key an exact Authorization header resolved to, while that resolution is fresh. */
  apiKeyByHeader(header: string): CachedApiKey | undefined {
    return this.apiKeyHeaders.peek(header);
  }

  /** Remembers that `header` carries `key`, for no longer than the key's own cache entry. */
  rememberApiKeyHeader(header: string, key: CachedApiKey): void {
    const freshAt = this.apiKeys.freshAt(key.keyHash.toString("base64url"));
    if (freshAt !== undefined) this.apiKeyHeaders.set(header, key, freshAt);
  }

  /** Forgets every cached key on this node at once (revocation); other nodes follow within the TTL. */
  forgetApiKeys(): void {
    this.apiKeys.clear();
    this.apiKeyHeaders.clear();
  }

  companyExists(clientId: string, companyId: string): MaybePromise<boolean> {
    return this.companies.get(`${clientId}/${companyId}`, () => companyExists(this.db, clientId, companyId));
  }

  forgetCompany(clientId: string, companyId: string): void {
    this.companies.delete(`${clientId}/${companyId}`);
  }

  /** The client's allowed browser origins. */
  corsOrigins(clientId: string): MaybePromise<string[]> {
    return this.origins.get(clientId, () => listCorsOrigins(this.db, clientId));
  }

  forgetCorsOrigins(clientId: string): void {
    this.origins.delete(clientId);
  }
}
