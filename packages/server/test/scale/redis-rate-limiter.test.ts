// The Redis-backed rate limiter on the real local Redis: one budget per caller shared by every
// limiter instance (node), exact under concurrency, Retry-After within the window, and the
// fallback to limiting alone while Redis is unreachable.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RedisRateLimiter, type RateLimitLog } from "../../src/rate-limits/redis-rate-limiter.js";
import { redisOrSkip, TEST_REDIS_URL, uniqueRedisPrefix } from "@codat/test-kit/redis";

function recordingLog(): RateLimitLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (_details, message) => void warnings.push(message), info: () => undefined };
}

describe("Redis rate limiter", () => {
  it("admits exactly the limit across two nodes hit concurrently", async (t) => {
    if (!(await redisOrSkip(t))) return;
    const keyPrefix = uniqueRedisPrefix();
    const nodes = [0, 1].map(() => new RedisRateLimiter({ url: TEST_REDIS_URL, limitPerMinute: 25, keyPrefix, log: recordingLog() }));
    t.after(() => Promise.all(nodes.map((n) => n.close())));
    await Promise.all(nodes.map((n) => n.ready()));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => nodes[i % 2]!.hit("key:a")));
    assert.equal(results.filter((r) => r.allowed).length, 25);
    for (const refused of results.filter((r) => !r.allowed)) {
      assert.equal(refused.remaining, 0);
      assert.ok(refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 60, `Retry-After ${refused.retryAfterSeconds}`);
    }
    const other = await nodes[1]!.hit("key:b");
    assert.deepEqual([other.allowed, other.remaining], [true, 24], "another caller has its own budget");
  });

  it("keeps counting on each node alone while Redis is unreachable, and says so once", async (t) => {
    const log = recordingLog();
    // Port 1 on loopback: nothing listens, connecting fails at once.
    const limiter = new RedisRateLimiter({ url: "redis://127.0.0.1:1", limitPerMinute: 3, keyPrefix: uniqueRedisPrefix(), log });
    t.after(() => limiter.close());
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await limiter.hit("key:a"));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false, false]);
    assert.ok(results[4]!.retryAfterSeconds >= 1);
    assert.equal(log.warnings.length, 1, log.warnings.join("\n"));
    assert.match(log.warnings[0]!, /limits alone/);
  });
});
