// Driving several nodes as one service from the SDK: a round-robin fetcher plays the load
// balancer (every SDK call goes to the next node and is recorded), and `convergence` measures
// how long after a change a node first shows it.
import assert from "node:assert/strict";
import { CodatPlatform, HTTPClient, type Fetcher } from "@codat/platform";

export interface RoundRobin {
  fetcher: Fetcher;
  /** The node origin each request went to, in order. */
  served: string[];
}

/** Sends each request to the next of `nodeUrls`, keeping its path, query, method and body. */
export function roundRobin(nodeUrls: string[]): RoundRobin {
  const served: string[] = [];
  let next = 0;
  const fetcher: Fetcher = (input, init) => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    const node = new URL(nodeUrls[next++ % nodeUrls.length]!);
    served.push(node.origin);
    const url = new URL(`${original.pathname}${original.search}`, node);
    return input instanceof Request ? fetch(new Request(url, input), init) : fetch(url, init);
  };
  return { fetcher, served };
}

/** An SDK client behind the given nodes (round-robin), without retries so every status shows. */
export function sdkAcross(nodeUrls: string[], authHeader: string): CodatPlatform & { served: string[] } {
  const { fetcher, served } = roundRobin(nodeUrls);
  const sdk = new CodatPlatform({
    authHeader,
    serverURL: "http://load-balancer.invalid",
    httpClient: new HTTPClient({ fetcher }),
    retryConfig: { strategy: "none" },
  });
  return Object.assign(sdk, { served });
}

/**
 * Polls `check` every 20 ms until it holds and returns when (ms after the call) the first
 * successful check started; fails once checks start later than `boundMs`.
 */
export async function convergence(boundMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  for (;;) {
    const startedAt = performance.now() - start;
    if (await check()) return startedAt;
    assert.ok(startedAt <= boundMs, `not converged ${Math.round(startedAt)} ms after the change (bound ${boundMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The HTTP status an SDK call ends with (200 for success). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status !== "number") throw error;
    return status;
  }
}
