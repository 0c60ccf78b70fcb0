// Request rate limiting behind a small interface: the in-memory limiter below serves one node;
// the Redis-backed one (redis-rate-limiter.ts, with REDIS_URL) shares the limits across nodes.
import type { MaybePromise } from "../lib/maybe-promise.js";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the caller may try again (when not allowed) or the window resets. */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /** Counts one request for `key` and says whether it is within the limit (sync when local). */
  hit(key: string): MaybePromise<RateLimitResult>;
  /** Releases connections (a shared limiter's Redis client); called when the app closes. */
  close?(): Promise<void>;
}

/**
 * Fixed one-minute windows aligned to the clock minute. All counters live in one map that is
 * dropped when the minute turns over, so memory is bounded by the callers of one minute.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): RateLimitResult {
    const nowMs = this.now();
    const window = Math.floor(nowMs / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * 60_000 - nowMs) / 1000));
    return {
      allowed: count <= this.limitPerMinute,
      retryAfterSeconds,
      remaining: Math.max(0, this.limitPerMinute - count),
    };
  }
}

/** The limiter for "no limit" (RATE_LIMIT_PER_MINUTE=0). */
const UNLIMITED: RateLimitResult = Object.freeze({ allowed: true, retryAfterSeconds: 0, remaining: Number.MAX_SAFE_INTEGER });
export const unlimited: RateLimiter = { hit: () => UNLIMITED };
