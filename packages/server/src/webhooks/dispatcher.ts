// The delivery loop each server node runs: fan out new outbox events, claim a small batch of
// due deliveries, post them concurrently (signed, with a deadline), record every attempt, and
// go again at once while there is work; sleep `pollIntervalMs` (or until `wake()`) when idle.
// Several nodes may run it against one PostgreSQL database; see deliveries.ts for why each
// delivery is then made by one node at a time.
import type { Kysely } from "kysely";
import type { DialectName } from "../storage/dialect.js";
import type { Database } from "../storage/schema.js";
import { claimDueDeliveries, fanOutEvents, recordOutcomes, type AttemptResult, type ClaimedDelivery } from "./deliveries.js";
import { createWebhookPoster, type WebhookPoster } from "./post.js";
import { signingKey, signWebhook } from "./signer.js";

export interface DispatcherOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  pollIntervalMs: number;
  timeoutMs: number;
  allowPrivateUrls: boolean;
  /** Turns a stored consumer secret into the `whsec_` secret (decryption at rest). */
  openSecret: (stored: string) => string;
  log: { error(object: unknown, message: string): void };
  /** Deliveries claimed per round (default 32). */
  batchSize?: number;
  /** Events fanned out per round (default 200). */
  fanOutBatch?: number;
  /** The clock for scheduling (default: the system clock); tests move it forward. */
  now?: () => Date;
}

/** Extra lease over the delivery timeout before another node may retry a claimed delivery. */
const LEASE_MARGIN_MS = 30_000;

export class WebhookDispatcher {
  private readonly poster: WebhookPoster;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: DispatcherOptions) {
    this.poster = createWebhookPoster({ timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivateUrls });
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Looks for work now instead of at the next poll (called after local changes). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the deliveries in flight finish; their outcomes are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
    this.poster.close();
  }

  /** One round: fan out, claim, deliver. Returns how much work it found. */
  async runOnce(): Promise<number> {
    const { db, dialect, timeoutMs } = this.options;
    const fannedOut = await fanOutEvents(db, dialect, this.now(), this.options.fanOutBatch ?? 200);
    const lease = timeoutMs + LEASE_MARGIN_MS;
    const claimed = await claimDueDeliveries(db, dialect, this.now(), lease, this.options.batchSize ?? 32);
    const results = await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    try {
      await recordOutcomes(db, results);
    } catch (error) {
      // The leases run out and the deliveries are retried: at-least-once still holds.
      this.options.log.error({ err: error }, "could not record webhook attempts");
    }
    return fannedOut + claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let found = 0;
      try {
        found = await this.runOnce();
      } catch (error) {
        // A database hiccup must not kill the loop; the next round retries.
        this.options.log.error({ err: error }, "webhook dispatch round failed");
      }
      if (found === 0 && !this.woken && !this.stopped) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUp = done;
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async deliver(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const attemptedAt = this.now();
    const headers = signWebhook(
      signingKey(this.options.openSecret(delivery.secret)),
      delivery.eventId,
      delivery.body,
      Math.floor(attemptedAt.getTime() / 1000),
    );
    const outcome = await this.poster.post(delivery.url, delivery.body, { ...headers });
    return { delivery, outcome, attemptedAt, finishedAt: this.now() };
  }
}
