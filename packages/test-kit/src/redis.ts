// Redis for tests: the local server at 127.0.0.1:6379 unless TEST_REDIS_URL says otherwise.
// Each test uses its own key prefix (`uniqueRedisPrefix()`), so runs never see each other's
// counters. Tests call `redisOrSkip` so that a machine without Redis skips loudly, while CI
// (CI=true) fails.
import { randomBytes } from "node:crypto";
import type { TestContext } from "node:test";
import { Redis } from "ioredis";
import { skipLoudly } from "./skips.js";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let reachable: Promise<string | undefined> | undefined;

/** Undefined when Redis answers PING, else the reason it does not. */
export function redisUnavailableReason(): Promise<string | undefined> {
  reachable ??= (async () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on("error", () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return undefined;
    } catch (error) {
      return `Redis unreachable at ${new URL(TEST_REDIS_URL).host} (${(error as Error).message})`;
    } finally {
      redis.disconnect();
    }
  })();
  return reachable;
}

/** True when Redis tests can run; otherwise skips `t` loudly (or throws when CI=true). */
export async function redisOrSkip(t: TestContext): Promise<boolean> {
  const reason = await redisUnavailableReason();
  if (reason === undefined) return true;
  skipLoudly(t, reason, "start redis-server on 127.0.0.1:6379 or set TEST_REDIS_URL to enable");
  return false;
}

/** A key prefix no other test (or run) uses. */
export const uniqueRedisPrefix = (): string => `platform-test:${randomBytes(6).toString("hex")}:`;
