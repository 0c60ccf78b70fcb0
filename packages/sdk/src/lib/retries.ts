// Retries with exponential backoff, jitter and `Retry-After`, bounded by `maxElapsedTime`.
import { statusLine } from "../errors/http.js";
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from "../errors/transport.js";
import { systemError } from "./failures.js";

export interface BackoffStrategy {
  /** The first wait, in ms. */
  initialInterval: number;
  /** No single wait is longer than this, in ms. */
  maxInterval: number;
  /** Each wait is `exponent` times the previous one. */
  exponent: number;
  /** No retry starts later than this after the first attempt, in ms. */
  maxElapsedTime: number;
}

export type RetryConfig =
  | { strategy: "none" }
  | { strategy: "backoff"; backoff?: Partial<BackoffStrategy>; retryConnectionErrors?: boolean };

/**
 * The official clients' defaults (4.x and 6.x alike): used when neither the client nor the call
 * configures retries. A server that is down is retried for up to an hour; `debugLogger` shows
 * each retry.
 */
export const DEFAULT_RETRY_CONFIG: RetryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 500, maxInterval: 60_000, exponent: 1.5, maxElapsedTime: 3_600_000 },
  retryConnectionErrors: true,
};

/** Statuses retried unless the call says otherwise: timeout, rate limit, any 5XX. */
export const DEFAULT_RETRY_CODES: readonly string[] = ["408", "429", "5XX"];

const DEFAULT_BACKOFF = DEFAULT_RETRY_CONFIG.backoff as BackoffStrategy;

/** Whether `status` is listed, as an exact code ("503") or a class ("5XX"). */
export function matchesStatus(status: number, codes: readonly (string | number)[]): boolean {
  // The default list, on every call's path: decided without building strings.
  if (codes === DEFAULT_RETRY_CODES) return status === 408 || status === 429 || (status >= 500 && status <= 599);
  const s = String(status);
  for (const code of codes) {
    const c = String(code).toUpperCase();
    if (c === s || (c.length === 3 && c.endsWith("XX") && c[0] === s[0])) return true;
  }
  return false;
}

/** `Retry-After` in ms (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(response: Response, now = Date.now()): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The n-th wait (n from 0): exponential, capped, with "equal jitter" (between half and all of it). */
export function backoffDelay(n: number, b: BackoffStrategy, random = Math.random): number {
  const full = Math.min(b.maxInterval, b.initialInterval * b.exponent ** n);
  return full / 2 + random() * (full / 2);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RequestAbortedError("Aborted by the caller while waiting to retry", { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Frees the connection of a response we are not going to read. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/** Where `withRetries` says what it does: one line per retry (the client's `debugLogger`). */
export type RetryLog = (line: string) => void;

/** Why an attempt is retried: `503 Service Unavailable`, `connect ECONNREFUSED 127.0.0.1:4000`. */
function reasonOf(response: Response | undefined, failure: unknown): string {
  if (response) return statusLine(response);
  return failure instanceof ConnectionError ? systemError(failure.cause) : (failure as Error).message;
}

/**
 * Runs `attempt` until it yields a response whose status is not in `codes`, or a failure that
 * is not retryable, or the next wait would end past `maxElapsedTime`; then returns the last
 * response (the caller maps it to an error) or throws the last failure. `log`, when given, gets
 * a line for each retry (attempt number, reason, wait) and for giving up.
 */
export async function withRetries(
  attempt: () => Promise<Response>,
  config: RetryConfig,
  codes: readonly (string | number)[],
  signal?: AbortSignal,
  log?: RetryLog,
): Promise<Response> {
  if (config.strategy !== "backoff") return attempt();
  let backoff: BackoffStrategy | undefined;
  const start = Date.now();
  for (let n = 0; ; n++) {
    let response: Response | undefined;
    let failure: unknown;
    let retryAfter: number | undefined;
    try {
      response = await attempt();
      if (!matchesStatus(response.status, codes)) return response;
      retryAfter = retryAfterMs(response);
    } catch (error) {
      const transient = error instanceof ConnectionError || error instanceof RequestTimeoutError;
      if (!transient || !config.retryConnectionErrors) throw error;
      failure = error;
    }
    // Merged once a retry is due, not on every call.
    backoff ??= config.backoff ? { ...DEFAULT_BACKOFF, ...config.backoff } : DEFAULT_BACKOFF;
    const wait = retryAfter ?? backoffDelay(n, backoff);
    const giveUp = Date.now() - start + wait > backoff.maxElapsedTime;
    log?.(
      `attempt ${n + 1} failed (${reasonOf(response, failure)}); ` +
        (giveUp
          ? `giving up (maxElapsedTime ${backoff.maxElapsedTime} ms)`
          : `attempt ${n + 2} in ${Math.round(wait)} ms${retryAfter === undefined ? "" : " (Retry-After)"}`),
    );
    if (giveUp) {
      if (response) return response;
      throw failure;
    }
    if (response) discard(response);
    await sleep(wait, signal);
  }
}
