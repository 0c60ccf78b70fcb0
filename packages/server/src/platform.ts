// The services one server instance runs on, built once in `buildApp` and shared by routes,
// plugins and the admin CLI. Caches here are what keep the hot path off the database; their
// TTL (config.cacheTtlMs, at most 1 s) bounds how long other nodes may lag behind a change.
import type { Kysely } from "kysely";
import { TtlCache } from "./cache/ttl-cache.js";
import type { Config } from "./config.js";
import { InMemoryRateLimiter, unlimited, type RateLimiter } from "./rate-limits/rate-limiter.js";
import type { DialectName } from "./storage/dialect.js";
import { findApiKeyByHash, type ApiKeyRecord } from "./storage/repositories/api-keys.js";
import { companyExists } from "./storage/repositories/companies.js";
import { listCorsOrigins } from "./storage/repositories/cors-origins.js";
import type { Database } from "./storage/schema.js";
import { secretBoxFor } from "./tokens/secret-box.js";
import { SigningKeyRing } from "./tokens/signing-key-ring.js";
import { TokenService } from "./tokens/tokens.js";

export type Clock = () => Date;

type CachedApiKey = ApiKeyRecord & { keyHash: Buffer };

export interface Platform {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  signingKeys: SigningKeyRing;
  tokens: TokenService;
  rateLimiter: RateLimiter;
  /** API key by its SHA-256 → its record; null (also cached) when there is no such key. */
  apiKeyByHash(keyHash: Buffer): CachedApiKey | null | Promise<CachedApiKey | null>;
  /** The key an exact Authorization header resolved to, while that resolution is fresh. */
  apiKeyByHeader(header: string): CachedApiKey | undefined;
  /** Remembers that `header` carries `key`, for no longer than the key's own cache entry. */
  rememberApiKeyHeader(header: string, key: CachedApiKey): void;
  /** Forgets every cached key on this node at once (revocation); other nodes follow within the TTL. */
  forgetApiKeys(): void;
  companyExists(clientId: string, companyId: string): boolean | Promise<boolean>;
  forgetCompany(clientId: string, companyId: string): void;
  /** The client's allowed browser origins. */
  corsOrigins(clientId: string): string[] | Promise<string[]>;
  forgetCorsOrigins(clientId: string): void;
}

export function createPlatform(input: {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  rateLimiter?: RateLimiter;
}): Platform {
  const { config, db, clock } = input;
  const ttl = config.cacheTtlMs;
  const signingKeys = new SigningKeyRing(db, secretBoxFor(config), clock, ttl);
  const apiKeys = new TtlCache<string, CachedApiKey | null>(ttl);
  // Saves decoding and hashing a known key on every request. Positive results only, each
  // expiring with the hash-keyed entry it came from, so revocation is still seen within `ttl`.
  const apiKeyHeaders = new TtlCache<string, CachedApiKey>(ttl);
  const companies = new TtlCache<string, boolean>(ttl, 100_000);
  const origins = new TtlCache<string, string[]>(ttl);
  return {
    ...input,
    signingKeys,
    tokens: new TokenService(signingKeys, config.publicUrl, clock, ttl),
    rateLimiter:
      input.rateLimiter ?? (config.rateLimitPerMinute > 0 ? new InMemoryRateLimiter(config.rateLimitPerMinute) : unlimited),
    apiKeyByHash: (keyHash) => {
      const key = keyHash.toString("base64url");
      return apiKeys.get(key, async () => (await findApiKeyByHash(db, keyHash)) ?? null);
    },
    apiKeyByHeader: (header) => apiKeyHeaders.peek(header),
    rememberApiKeyHeader: (header, key) => {
      const freshAt = apiKeys.freshAt(key.keyHash.toString("base64url"));
      if (freshAt !== undefined) apiKeyHeaders.set(header, key, freshAt);
    },
    forgetApiKeys: () => {
      apiKeys.clear();
      apiKeyHeaders.clear();
    },
    companyExists: (clientId, companyId) =>
      companies.get(`${clientId}/${companyId}`, () => companyExists(db, clientId, companyId)),
    forgetCompany: (clientId, companyId) => companies.delete(`${clientId}/${companyId}`),
    corsOrigins: (clientId) => origins.get(clientId, () => listCorsOrigins(db, clientId)),
    forgetCorsOrigins: (clientId) => origins.delete(clientId),
  };
}
