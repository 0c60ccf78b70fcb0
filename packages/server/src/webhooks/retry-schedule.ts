// When a failed delivery is tried again: exponential backoff (×4 from 5 seconds, capped at
// 8 hours) with ±20 % jitter so receivers coming back after an outage are not hit by every
// queued delivery at the same instant. Twelve attempts span more than 24 hours even when
// every jitter draw is at its lowest (see docs/webhooks.md for the table).

const FIRST_RETRY_MS = 5_000;
const FACTOR = 4;
const MAX_DELAY_MS = 8 * 60 * 60 * 1000;
const JITTER = 0.2;

/** Attempts in total, the first one included; after the last failure the delivery is given up. */
export const MAX_ATTEMPTS = 12;

/** Delay before attempt `failedAttempts + 1` without jitter. */
export function nominalRetryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * FACTOR ** (failedAttempts - 1), MAX_DELAY_MS);
}

/**
 * Milliseconds to wait after the `failedAttempts`-th failed attempt (1-based), or undefined
 * when that was the last attempt. `random` returns a number in [0, 1).
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number | undefined {
  if (failedAttempts >= MAX_ATTEMPTS) return undefined;
  const jitter = 1 - JITTER + 2 * JITTER * random();
  return Math.round(nominalRetryDelayMs(failedAttempts) * jitter);
}
