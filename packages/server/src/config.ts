// All configuration comes from the environment, is validated once at start and handed around
// as one typed, frozen object. Nothing else in the server reads `process.env`.
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";

export interface Config {
  /** TCP port to listen on (0 = any free port). */
  port: number;
  /** Interface to bind. */
  host: string;
  /** Origin clients use to reach this server; used in token `iss`, logo and link URLs. No trailing slash. */
  publicUrl: string;
  /** `sqlite:<file>`, `sqlite::memory:` or `postgres://…`. */
  databaseUrl: string;
  /** Folder for the SQLite file, the generated API key and the generated signing-key secret. */
  dataDir: string;
  /**
   * When set (32+ random-looking characters), an API key with exactly this value is ensured for
   * the default client at start, unless it was deleted through the API.
   */
  platformApiKey: string | undefined;
  /** Secret (≥ 32 bytes once decoded or hashed) under which signing keys are encrypted at rest. */
  signingKeySecret: string | undefined;
  /**
   * Secrets SIGNING_KEY_SECRET replaced (SIGNING_KEY_SECRET_PREVIOUS, comma-separated): values
   * they sealed still open until `npm run admin -- reseal` rewrites them under the current one.
   */
  previousSigningKeySecrets: readonly string[];
  /** Requests per minute allowed per API key (or per bearer token's company); 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Failed authentications allowed per client IP per minute before 429; 0 disables the throttle. */
  authFailuresPerMinute: number;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`), as Fastify's
   * `trustProxy`: false (the TCP peer is the client), true (any), or addresses / CIDRs.
   */
  trustProxy: boolean | string;
  /** `redis://…` / `rediss://…`: share rate limits across nodes; undefined = each node limits alone. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** Maximum companies per client; undefined = no limit. */
  maxCompaniesPerClient: number | undefined;
  /** How long in-process caches may serve a value before re-reading the database (ms). */
  cacheTtlMs: number;
  /** Maximum accepted request body in bytes. */
  bodyLimitBytes: number;
  /**
   * How long a request may take to arrive, headers and body (ms). A client that trickles its
   * request is answered 408 and disconnected once this has passed (checked every second).
   */
  requestTimeoutMs: number;
  /** Open connections one server process accepts; past it new connections are closed at once. */
  maxConnections: number;
  /** pino level. */
  logLevel: string;
  /**
   * How log lines are written: "json" (one JSON object a line, for log collectors), "pretty"
   * (readable lines for a person), or "auto" (LOG_FORMAT unset): pretty when standard output is
   * a terminal, JSON otherwise.
   */
  logFormat: LogFormat;
  /** Serve /demo (a fictional host app for the seeded demo company); off unless asked for (`npm start` asks). */
  demoPage: boolean;
  /** Deliver webhooks to loopback, link-local and private addresses (tests, demos); off by default. */
  webhookAllowPrivateUrls: boolean;
  /**
   * Let a client's own platforms (the generic OAuth 2.0 platform) use loopback, private and plain
   * http endpoints (PLATFORM_ALLOW_PRIVATE_URLS: tests, demos, a platform on the operator's own
   * network); off by default, so the server cannot be made to call into its own network.
   */
  platformAllowPrivateUrls: boolean;
  /**
   * Server processes on this machine (WORKERS, default 1; "auto" = one per CPU). Above 1, a
   * primary process prepares the database and forks that many workers sharing the port.
   */
  workers: number;
  /** Days finished webhook deliveries and delivered events are kept; 0 keeps them forever. */
  webhookRetentionDays: number;
  /** How often the webhook dispatcher looks for work when idle (ms). */
  webhookPollIntervalMs: number;
  /** Deadline of one webhook delivery attempt (ms). */
  webhookTimeoutMs: number;
  /** Grant refreshes in flight at once on this node (0: this node runs no background refresher). */
  refreshConcurrency: number;
  /** Grants the background refresher claims per round. */
  refreshBatch: number;
  /** How often an idle refresher looks for grants due (ms). */
  refreshPollIntervalMs: number;
  /** Largest request body the proxy forwards to a platform (bytes); larger ones answer 413. */
  proxyBodyLimitBytes: number;
  /** Largest platform answer the proxy relays (bytes); past it the answer is cut off. */
  proxyResponseLimitBytes: number;
  /** How long the proxy waits for a platform to start answering, and at most between two chunks of its answer (ms); 504 past it. */
  proxyTimeoutMs: number;
}

export type LogFormat = "auto" | "json" | "pretty";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** DATABASE_URL as it may be printed: a PostgreSQL password hidden. */
export function displayDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]+@/, "$1***@");
}

/** The exit code of a start refused for its configuration (sysexits' EX_CONFIG). */
export const CONFIG_EXIT_CODE = 78;

type Env = Record<string, string | undefined>;

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** What an integer variable allows, as the error message says it: "from 1 to 256", "0 or more". */
const range = (min: number, max: number) => (max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`);

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number ${range(min, max)}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(max === Number.MAX_SAFE_INTEGER && value >= min ? `${name} is too large, got ${raw}` : `${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function booleanFlag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustProxy(env: Env): boolean | string {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(raw)) {
    throw new ConfigError(`TRUST_PROXY must be true, false or a comma-separated list of addresses / CIDRs, got "${raw}"`);
  }
  return raw;
}

function optionalInteger(env: Env, name: string, min: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  return integer(env, name, 0, min, Number.MAX_SAFE_INTEGER);
}

/** Characters PLATFORM_API_KEY must have at least, and how many distinct ones. */
const PLATFORM_API_KEY_MIN_LENGTH = 32;
const PLATFORM_API_KEY_MIN_DISTINCT = 10;

/**
 * API keys are stored as unsalted SHA-256 hashes: right for the server's own 256-bit random
 * keys, but a short or human-chosen value could be found from its hash by guessing. So the one
 * key an operator chooses must be long and look random: no whitespace, enough distinct
 * characters, none of them making up more than a quarter of it.
 */
function checkPlatformApiKey(key: string): void {
  const counts = new Map<string, number>();
  for (const char of key) counts.set(char, (counts.get(char) ?? 0) + 1);
  const mostFrequent = Math.max(...counts.values());
  if (key.length < PLATFORM_API_KEY_MIN_LENGTH || /\s/.test(key) || counts.size < PLATFORM_API_KEY_MIN_DISTINCT || mostFrequent > key.length / 4) {
    throw new ConfigError(
      `PLATFORM_API_KEY must be at least ${PLATFORM_API_KEY_MIN_LENGTH} characters that look random, without spaces ` +
        "(for example the output of `openssl rand -base64 32`): keys are stored as SHA-256 hashes, which a short or guessable key does not survive",
    );
  }
}

function normalisePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`PUBLIC_URL must use http or https, got "${raw}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function validateDatabaseUrl(raw: string): string {
  if (raw === "sqlite::memory:" || /^sqlite:.+/.test(raw) || /^postgres(ql)?:\/\//.test(raw)) return raw;
  throw new ConfigError(`DATABASE_URL must be sqlite:<file>, sqlite::memory: or postgres://…, got "${raw}"`);
}

function validateRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (/^rediss?:\/\/./.test(raw)) return raw;
  throw new ConfigError(`REDIS_URL must be redis://… or rediss://…, got "${raw.replace(/\/\/[^@/]*@/, "//…@")}"`);
}

function workers(env: Env, databaseUrl: string): number {
  const raw = env.WORKERS?.trim();
  if (raw && raw !== "auto" && !/^\d+$/.test(raw)) throw new ConfigError(`WORKERS must be "auto" or a whole number from 1 to 256, got "${raw}"`);
  const count = raw === "auto" ? availableParallelism() : integer(env, "WORKERS", 1, 1, 256);
  if (count > 1 && databaseUrl === "sqlite::memory:") {
    throw new ConfigError("WORKERS above 1 needs a database the processes share: a SQLite file or PostgreSQL, not sqlite::memory:");
  }
  return count;
}

/** An IPv4 or IPv6 address or a host name: what `listen` can bind (checked before anything is opened). */
function validateHost(raw: string): string {
  if (isIP(raw) !== 0 || /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(raw)) return raw;
  throw new ConfigError(`HOST must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name, got "${raw}"`);
}

const LOG_FORMATS: readonly LogFormat[] = ["auto", "json", "pretty"];

function logFormat(env: Env): LogFormat {
  const raw = env.LOG_FORMAT?.trim().toLowerCase() || "auto";
  if ((LOG_FORMATS as readonly string[]).includes(raw)) return raw as LogFormat;
  throw new ConfigError(`LOG_FORMAT must be json, pretty or auto (pretty on a terminal, else json), got "${env.LOG_FORMAT?.trim()}"`);
}

/** Reads and validates the configuration; throws `ConfigError` naming the bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, "PORT", 4000, 0, 65535);
  const host = validateHost(env.HOST?.trim() || "127.0.0.1");
  const displayHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const publicUrl = normalisePublicUrl(env.PUBLIC_URL?.trim() || `http://${displayHost}:${port}`);
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || "data");
  const databaseUrl = validateDatabaseUrl(env.DATABASE_URL?.trim() || "sqlite:./data/platform.sqlite");
  const platformApiKey = env.PLATFORM_API_KEY?.trim() || undefined;
  if (platformApiKey !== undefined) checkPlatformApiKey(platformApiKey);
  const signingKeySecret = env.SIGNING_KEY_SECRET?.trim() || undefined;
  if (signingKeySecret !== undefined && signingKeySecret.length < 32) {
    throw new ConfigError("SIGNING_KEY_SECRET must be at least 32 characters long");
  }
  if (signingKeySecret === undefined && databaseUrl.startsWith("postgres")) {
    throw new ConfigError("SIGNING_KEY_SECRET is required with PostgreSQL: every node must decrypt the same signing keys");
  }
  const previousSigningKeySecrets = (env.SIGNING_KEY_SECRET_PREVIOUS ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret !== "");
  if (previousSigningKeySecrets.length > 0 && signingKeySecret === undefined) {
    throw new ConfigError("SIGNING_KEY_SECRET_PREVIOUS needs SIGNING_KEY_SECRET: the new secret that replaces them");
  }
  const logLevel = env.LOG_LEVEL?.trim() || "info";
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(", ")}, got "${logLevel}"`);
  return Object.freeze({
    port,
    host,
    publicUrl,
    databaseUrl,
    dataDir,
    platformApiKey,
    signingKeySecret,
    previousSigningKeySecrets,
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 6000, 0, Number.MAX_SAFE_INTEGER),
    authFailuresPerMinute: integer(env, "AUTH_FAILURES_PER_MINUTE", 30, 0, Number.MAX_SAFE_INTEGER),
    trustProxy: trustProxy(env),
    redisUrl: validateRedisUrl(env.REDIS_URL?.trim()),
    redisKeyPrefix: env.REDIS_KEY_PREFIX?.trim() || "platform:",
    maxCompaniesPerClient: optionalInteger(env, "MAX_COMPANIES_PER_CLIENT", 0),
    cacheTtlMs: integer(env, "CACHE_TTL_MS", 1000, 0, 1000),
    bodyLimitBytes: integer(env, "BODY_LIMIT_BYTES", 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 30_000, 1000, 600_000),
    maxConnections: integer(env, "MAX_CONNECTIONS", 10_000, 1, 1_000_000),
    logLevel,
    logFormat: logFormat(env),
    demoPage: booleanFlag(env, "DEMO_PAGE"),
    webhookAllowPrivateUrls: booleanFlag(env, "WEBHOOK_ALLOW_PRIVATE_URLS"),
    platformAllowPrivateUrls: booleanFlag(env, "PLATFORM_ALLOW_PRIVATE_URLS"),
    workers: workers(env, databaseUrl),
    webhookRetentionDays: integer(env, "WEBHOOK_RETENTION_DAYS", 30, 0, 36_500),
    webhookPollIntervalMs: integer(env, "WEBHOOK_POLL_INTERVAL_MS", 500, 10, 60_000),
    webhookTimeoutMs: integer(env, "WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
    refreshConcurrency: integer(env, "REFRESH_CONCURRENCY", 32, 0, 1024),
    refreshBatch: integer(env, "REFRESH_BATCH", 200, 1, 5000),
    refreshPollIntervalMs: integer(env, "REFRESH_POLL_INTERVAL_MS", 1000, 10, 600_000),
    proxyBodyLimitBytes: integer(env, "PROXY_BODY_LIMIT_BYTES", 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    proxyResponseLimitBytes: integer(env, "PROXY_RESPONSE_LIMIT_BYTES", 50 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
    proxyTimeoutMs: integer(env, "PROXY_TIMEOUT_MS", 30_000, 100, 600_000),
  });
}
