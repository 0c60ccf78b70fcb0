// Rate limits shared by every node: one counter per caller and clock minute in Redis, counted
// and read by one Lua script, so concurrent requests on any node never over-admit. The window
// comes from Redis's own clock (TIME), so nodes with drifting clocks still agree on it.
// While Redis is unreachable, each node falls back to limiting alone (in memory) rather than
// refusing or admitting everything; it logs the outage once and recovers by itself.
import { Redis } from "ioredis";
import type { Config } from "../config.js";
import { InMemoryRateLimiter, type RateLimiter, type RateLimitResult } from "./rate-limiter.js";

const WINDOW_MS = 60_000;

/** KEYS[1]: the caller's counter; ARGV[1]: window length (ms). Returns { count, ms left in the window }. */
const FIXED_WINDOW_SCRIPT = `
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local windowMs = tonumber(ARGV[1])
local window = math.floor(nowMs / windowMs)
local key = KEYS[1] .. ':' .. window
local count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, windowMs * 2) end
return { count, (window + 1) * windowMs - nowMs }
`;

export interface RateLimitLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface RedisRateLimiterOptions {
  url: string;
  limitPerMinute: number;
  /** Prepended to every key, so deployments (or tests) can share one Redis. */
  keyPrefix: string;
  log: RateLimitLog;
  /** How long one hit may wait for Redis before this node decides alone (ms); default 500. */
  commandTimeoutMs?: number;
}

type RedisWithScript = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: RedisWithScript;
  private readonly local: InMemoryRateLimiter;
  private outage = false;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.local = new InMemoryRateLimiter(options.limitPerMinute);
    this.redis = new Redis(options.url, {
      // Hits made while (re)connecting wait at most commandTimeout; during a known outage they
      // skip Redis altogether (see hit), so no request waits on a Redis that is down.
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    }) as RedisWithScript;
    this.redis.defineCommand("rateLimitHit", { numberOfKeys: 1, lua: FIXED_WINDOW_SCRIPT });
    // Without a listener ioredis prints every reconnect failure; report each outage once.
    this.redis.on("error", (error: Error) => this.enterOutage(error));
    this.redis.on("ready", () => {
      if (!this.outage) return;
      this.outage = false;
      options.log.info({}, "rate limiter: Redis reachable again; limits are shared across nodes");
    });
  }

  /**
   * Resolves once Redis is connected, or after `withinMs` if it is not (the node then limits
   * alone until it is): a starting node should not count alone only because Redis is slow.
   */
  async ready(withinMs = 2000): Promise<void> {
    if (this.redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, withinMs);
      this.redis.once("ready", done);
    });
  }

  async hit(key: string): Promise<RateLimitResult> {
    if (this.outage && this.redis.status !== "ready") return this.local.hit(key);
    let reply: [number, number];
    try {
      // The braces are a hash tag: the per-window key the script derives stays in the same slot.
      reply = await this.redis.rateLimitHit(`${this.options.keyPrefix}rl:{${key}}`, WINDOW_MS);
    } catch (error) {
      this.enterOutage(error as Error);
      return this.local.hit(key);
    }
    const [count, msLeft] = reply;
    const limit = this.options.limitPerMinute;
    return {
      allowed: count <= limit,
      retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
      remaining: Math.max(0, limit - count),
    };
  }

  async close(): Promise<void> {
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private enterOutage(error: Error): void {
    if (this.outage) return;
    this.outage = true;
    this.options.log.warn({ err: error }, "rate limiter: Redis unreachable; this node limits alone until it is back");
  }
}

/** The shared limiter when REDIS_URL is set (and limits are on); otherwise undefined. */
export function sharedRateLimiter(config: Config, log: RateLimitLog): RedisRateLimiter | undefined {
  if (config.redisUrl === undefined || config.rateLimitPerMinute === 0) return undefined;
  return new RedisRateLimiter({
    url: config.redisUrl,
    limitPerMinute: config.rateLimitPerMinute,
    keyPrefix: config.redisKeyPrefix,
    log,
  });
}
