// What one server instance runs on, built once (http/app.ts, cluster.ts, admin CLI) and handed
// to the services and plugins: configuration, the database, the clock, the key ring that signs
// tokens, the token service, the secret box that encrypts secrets at rest, the read caches and
// the rate limiter.
import type { Kysely } from "kysely";
import { ReadCaches } from "./cache/read-caches.js";
import type { Config } from "./config.js";
import { InMemoryRateLimiter, unlimited, type RateLimiter } from "./rate-limits/rate-limiter.js";
import type { Database } from "./storage/schema.js";
import { secretBoxFor, type SecretBox } from "./tokens/secret-box.js";
import { SigningKeyRing } from "./tokens/signing-key-ring.js";
import { TokenService } from "./tokens/tokens.js";

export type Clock = () => Date;

/** Where domain code and services log (the app's pino logger; silent when none is given). */
export interface ContextLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

const silent: ContextLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ServerContext {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  /** The Ed25519 keys tokens and signed grants are signed with (private parts sealed by `secretBox`). */
  keyRing: SigningKeyRing;
  tokens: TokenService;
  /** Encrypts secrets at rest (signing keys, webhook secrets); built once per instance. */
  secretBox: SecretBox;
  caches: ReadCaches;
  rateLimiter: RateLimiter;
  log: ContextLogger;
}

export function createServerContext(input: { config: Config; db: Kysely<Database>; clock: Clock; rateLimiter?: RateLimiter; log?: ContextLogger }): ServerContext {
  const { config, db, clock } = input;
  const ttl = config.cacheTtlMs;
  const secretBox = secretBoxFor(config);
  const keyRing = new SigningKeyRing(db, secretBox, clock, ttl);
  return {
    config,
    db,
    clock,
    keyRing,
    tokens: new TokenService(keyRing, config.publicUrl, clock, ttl),
    secretBox,
    caches: new ReadCaches(db, ttl),
    rateLimiter: input.rateLimiter ?? (config.rateLimitPerMinute > 0 ? new InMemoryRateLimiter(config.rateLimitPerMinute) : unlimited),
    log: input.log ?? silent,
  };
}
