// The loop each server node runs over the revocation queue (storage/repositories/revocations.ts):
// every `pollIntervalMs`, or at once after `wake()`, claim a batch of due revocations, revoke
// them at their platforms (oauth/revocation.ts) a few at a time, and record each outcome.
//
// A failed attempt that may succeed later is retried on a fixed schedule (30 s, 2 min, 10 min,
// 30 min, 2 h, 6 h, 12 h, ±10 %: eight attempts over most of a day); after the eighth, or at once
// for a refusal another try cannot mend, the revocation is failed for good. Either way its
// sealed request is erased. A claim leases its rows for longer than an attempt can take; a node
// that dies mid-attempt lets the lease run out and another node (or itself, restarted) takes the
// row again. Several nodes may run this against one PostgreSQL database: a row is claimed by
// one of them at a time.
import type { Kysely } from "kysely";
import { WakeableSleep } from "../lib/wakeable-sleep.js";
import { deleteExpiredFlows } from "../storage/repositories/oauth-flows.js";
import {
  claimDueRevocations,
  deleteFinishedRevocations,
  recordRevocationAttempt,
  type ClaimedRevocation,
  type RevocationOutcome,
} from "../storage/repositories/revocations.js";
import type { Database } from "../storage/schema.js";
import type { SecretBox } from "../tokens/secret-box.js";
import type { OutboundPolicy } from "./outbound.js";
import { openRevocationRequest, revokeAtPlatform, RevocationFailure, type RevocationRequest } from "./revocation.js";

/** How long an expired authorization flow is remembered. */
const FLOW_MEMORY_MS = 24 * 3_600_000;

/** Waits after the 1st, 2nd, ... failed attempt; one more attempt than there are waits. */
export const REVOCATION_RETRY_DELAYS_MS: readonly number[] = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  2 * 60 * 60_000,
  6 * 60 * 60_000,
  12 * 60 * 60_000,
];

/** Attempts in total, the first one included. */
export const MAX_REVOCATION_ATTEMPTS = REVOCATION_RETRY_DELAYS_MS.length + 1;

const JITTER = 0.1;

/**
 * Milliseconds to wait after the `failedAttempts`-th failed attempt (1-based), ±10 %, or
 * undefined when that was the last one. `random` returns a number in [0, 1).
 */
export function revocationRetryDelayMs(failedAttempts: number, random: () => number = Math.random): number | undefined {
  const nominal = REVOCATION_RETRY_DELAYS_MS[failedAttempts - 1];
  if (nominal === undefined) return undefined;
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}

export interface RevokerLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RevokerOptions {
  db: Kysely<Database>;
  /** Opens the queued requests. */
  secretBox: SecretBox;
  /** How platforms are called (private addresses, deadline per request). */
  policy: OutboundPolicy;
  pollIntervalMs: number;
  log: RevokerLog;
  /** Revocations claimed per round (default 32). */
  batchSize?: number;
  /** Revocations in flight at once (default 8). */
  concurrency?: number;
  /** Finished revocations are deleted this many days after they finished (default 30; 0 keeps them). */
  retentionDays?: number;
  /** The clock for scheduling (default: the system clock); tests move it forward. */
  now?: () => Date;
  /** For the jitter of the retry schedule (default Math.random). */
  random?: () => number;
  /** The call to the platform (default `revokeAtPlatform`). */
  revoke?: (request: RevocationRequest, policy: OutboundPolicy) => Promise<void>;
}

/** An attempt may make three requests (Shopify: uninstall, refresh, uninstall); the lease covers them and a margin. */
const REQUESTS_PER_ATTEMPT = 3;
const LEASE_MARGIN_MS = 30_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export class Revoker {
  private readonly batchSize: number;
  private readonly concurrency: number;
  /** How long a claim holds its rows. */
  readonly leaseMs: number;
  private running: Promise<void> | undefined;
  private stopped = true;
  private woken = false;
  private readonly idle = new WakeableSleep();
  private lastPruned = 0;

  constructor(private readonly options: RevokerOptions) {
    this.batchSize = options.batchSize ?? 32;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = REQUESTS_PER_ATTEMPT * options.policy.timeoutMs + LEASE_MARGIN_MS;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Looks for work now instead of at the next poll (after a commit that queued a revocation). */
  wake(): void {
    this.woken = true;
    this.idle.wake();
  }

  /**
   * Stops after the round in progress is recorded, or after its attempts' deadline plus 5 s:
   * shutdown must not hang, and an unrecorded attempt is retried when its lease runs out.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.wake();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, REQUESTS_PER_ATTEMPT * this.options.policy.timeoutMs + 5_000)));
    await Promise.race([this.running, grace]);
    clearTimeout(timer);
    this.running = undefined;
  }

  /** One round: claims a batch, revokes and records it. Returns how many revocations it claimed. */
  async runOnce(): Promise<number> {
    const { db } = this.options;
    const claimed = await claimDueRevocations(db, { now: this.now(), limit: this.batchSize, leaseMs: this.leaseMs });
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) await this.attempt(claimed[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let found = 0;
      try {
        found = await this.runOnce();
        await this.prune();
      } catch (error) {
        // A database hiccup must not kill the loop; the next round retries.
        this.options.log.error({ err: error }, "revocation round failed");
      }
      // A full batch: there may be more due at once.
      if (found < this.batchSize && !this.woken && !this.stopped) await this.idle.sleep(this.options.pollIntervalMs);
    }
  }

  private async prune(): Promise<void> {
    const retentionDays = this.options.retentionDays ?? 30;
    if (retentionDays <= 0 || Date.now() - this.lastPruned < PRUNE_EVERY_MS) return;
    this.lastPruned = Date.now();
    await deleteFinishedRevocations(this.options.db, { now: this.now(), olderThanDays: retentionDays });
    // Authorization flows are kept a day past their expiry, so that a late replay of a callback
    // is still recognised (and recorded); then they go too.
    await deleteExpiredFlows(this.options.db, new Date(this.now().getTime() - FLOW_MEMORY_MS));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Makes one attempt and records it; never rejects. */
  private async attempt(revocation: ClaimedRevocation): Promise<void> {
    const { log, secretBox, policy } = this.options;
    const revoke = this.options.revoke ?? revokeAtPlatform;
    let failure: RevocationFailure | undefined;
    try {
      let request: RevocationRequest;
      try {
        request = openRevocationRequest(secretBox, revocation.id, revocation.requestSealed);
      } catch {
        // E.g. SIGNING_KEY_SECRET changed without its predecessor in SIGNING_KEY_SECRET_PREVIOUS.
        throw new RevocationFailure("the queued request does not open with this server's secrets", true);
      }
      await revoke(request, policy);
    } catch (error) {
      failure = error instanceof RevocationFailure ? error : new RevocationFailure("unexpected error while revoking", true);
    }

    const now = this.now();
    const { attempt } = revocation;
    const details = { revocationId: revocation.id, connectionId: revocation.connectionId, platformKey: revocation.platformKey, attempt };
    let outcome: RevocationOutcome;
    if (!failure) {
      outcome = { kind: "done", attempt, now };
    } else {
      const delay = failure.retryable ? revocationRetryDelayMs(attempt, this.options.random) : undefined;
      if (delay !== undefined) {
        const nextAttempt = new Date(now.getTime() + delay);
        outcome = { kind: "retry", attempt, now, nextAttempt, error: failure.message };
        log.warn({ ...details, reason: failure.message, nextAttempt: nextAttempt.toISOString() }, "revocation attempt failed; it will be retried");
      } else {
        outcome = { kind: "failed", attempt, now, error: failure.message };
        const why = failure.retryable ? `gave up after ${attempt} attempts` : "the platform refused it";
        log.error({ ...details, reason: failure.message }, `revocation failed for good (${why}); the grant may still be active at the platform`);
      }
    }
    try {
      await recordRevocationAttempt(this.options.db, revocation.id, outcome);
    } catch (error) {
      // The lease runs out and the revocation is tried again; a second revocation is harmless.
      log.error({ err: error, revocationId: revocation.id }, "could not record a revocation attempt");
    }
  }
}
