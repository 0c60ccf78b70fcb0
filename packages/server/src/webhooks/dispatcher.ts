// The delivery loop each server node runs: fan out new outbox events, claim due deliveries,
// post them (signed, with a deadline), record every attempt, and go again at once while there
// is work; sleep `pollIntervalMs` (or until `wake()`) when idle.
//
// A finished delivery is followed by a claim of its chain's next event (same consumer and
// company) in the transaction that records its outcome: one company's backlog goes at one
// transaction and one POST per event. Fan-out and the claim over the whole queue run when
// there may be new work there: at a poll or a wake-up, after a fan-out that filled its batch,
// or while the last such claim filled every free slot; not after every finished delivery,
// when they would find nothing new.
//
// Deliveries run as independent tasks, up to `maxInFlight` at a time: a receiver that hangs
// until the timeout occupies one slot, not the whole node, so it cannot slow down other
// consumers. Finished attempts are recorded together at the start of the next round, which a
// finishing task triggers at once.
//
// Several nodes may run it against one PostgreSQL database; see deliveries.ts for why each
// delivery is then made by one node at a time.
import type { Kysely } from "kysely";
import { WakeableSleep } from "../lib/wakeable-sleep.js";
import type { Database } from "../storage/schema.js";
import { claimDueDeliveries, fanOutEvents, recordAndFollowUp, type AttemptResult, type Chain, type ClaimedDelivery } from "./deliveries.js";
import { createWebhookPoster, type WebhookPoster } from "./post.js";
import { MAX_ATTEMPTS } from "./retry-schedule.js";
import { signingKey, signWebhook } from "./signer.js";

export interface DispatcherOptions {
  db: Kysely<Database>;
  pollIntervalMs: number;
  timeoutMs: number;
  allowPrivateUrls: boolean;
  /** Turns a stored consumer secret into the `whsec_` secret (decryption at rest). */
  openSecret: (stored: string) => string;
  log: { error(object: unknown, message: string): void };
  /** Deliveries in flight at once on this node (default 32). */
  maxInFlight?: number;
  /** Events fanned out per round (default 200). */
  fanOutBatch?: number;
  /** The clock for scheduling (default: the system clock); tests move it forward. */
  now?: () => Date;
}

/** Extra lease over the delivery timeout before another node may retry a claimed delivery. */
const LEASE_MARGIN_MS = 30_000;
/** Longest a finished delivery waits for others to be recorded with it. */
const COALESCE_MS = 5;

export class WebhookDispatcher {
  private readonly poster: WebhookPoster;
  private readonly maxInFlight: number;
  private readonly leaseMs: number;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly idle = new WakeableSleep();
  /** Something happened since the round started: go again instead of sleeping. */
  private woken = false;
  /** Fan out and claim over the whole queue in the next round (a poll, or a wake-up). */
  private lookEverywhere = true;
  /** The queue may hold due heads beyond what the last whole-queue claim had room for. */
  private moreDue = true;
  private lastLookedAt = 0;
  /** Deliveries being posted right now. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Finished attempts waiting to be recorded. */
  private finished: AttemptResult[] = [];
  private soon: NodeJS.Timeout | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.poster = createWebhookPoster({ timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivateUrls });
    this.maxInFlight = options.maxInFlight ?? 32;
    this.leaseMs = options.timeoutMs + LEASE_MARGIN_MS;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Looks for work now instead of at the next poll (called after local changes). */
  wake(): void {
    this.lookEverywhere = true;
    this.nudge();
  }

  /** Runs a round soon: finished deliveries to record and follow up. */
  private nudge(): void {
    this.woken = true;
    this.idle.wake();
  }

  /**
   * Stops after the deliveries in flight finish and their outcomes are recorded — or after
   * the delivery timeout plus 5 s if the database does not answer: shutdown must not hang, and
   * anything unrecorded is retried by lease expiry.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.wake();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.timeoutMs + 5_000)));
    const drained = (async () => {
      await this.running;
      await this.settle();
    })();
    await Promise.race([drained, grace]);
    clearTimeout(timer);
    clearTimeout(this.soon);
    this.soon = undefined;
    this.running = undefined;
    this.poster.close();
  }

  /**
   * One round, waiting for the deliveries it starts and recording them (tests step the
   * dispatcher with it). Returns how much work it found.
   */
  async runOnce(): Promise<number> {
    this.lookEverywhere = true;
    const found = await this.round();
    await this.settle();
    return found;
  }

  /**
   * Records finished attempts and claims their chains' next events; when it is time to look
   * everywhere (see the top of this file), fans out and claims over the whole queue too, up to
   * the in-flight limit.
   */
  private async round(): Promise<number> {
    const { db, pollIntervalMs, fanOutBatch = 200 } = this.options;
    const { recorded, followUps } = await this.recordFinished(true);
    for (const delivery of followUps) this.launch(delivery);

    let fannedOut = 0;
    if (this.lookEverywhere || Date.now() - this.lastLookedAt >= pollIntervalMs) {
      // Cleared before, not after: a wake-up during the fan-out must still count.
      this.lookEverywhere = false;
      this.lastLookedAt = Date.now();
      fannedOut = await fanOutEvents(db, this.now(), fanOutBatch);
      // A full batch: the outbox may hold more, fanned out next round.
      if (fannedOut === fanOutBatch) this.lookEverywhere = true;
      this.moreDue = true;
    }
    const room = this.maxInFlight - this.inFlight.size;
    let claimed: ClaimedDelivery[] = [];
    if (this.moreDue && room > 0) {
      claimed = await claimDueDeliveries(db, this.now(), this.leaseMs, room);
      this.moreDue = claimed.length === room;
    }
    for (const delivery of claimed) this.launch(delivery);
    return recorded + followUps.length + fannedOut + claimed.length;
  }

  private launch(delivery: ClaimedDelivery): void {
    const task = this.deliver(delivery).then((result) => {
      this.finished.push(result);
      this.inFlight.delete(task);
      this.afterDelivery();
    });
    this.inFlight.add(task);
  }

  /**
   * A round per finished delivery would cost a few transactions each; instead, go again when
   * half the slots are free (or none is busy), and otherwise within a few milliseconds, so the
   * outcomes are recorded and the next event of the same company is not kept waiting.
   */
  private afterDelivery(): void {
    if (this.inFlight.size === 0 || this.finished.length >= this.maxInFlight / 2) return this.nudge();
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      this.nudge();
    }, COALESCE_MS).unref();
  }

  /** Waits for every delivery in flight and records them all. */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    await this.recordFinished(false);
  }

  /**
   * Records the finished attempts and, with `followUp`, claims in the same transaction the next
   * event of each chain they completed, as far as there is room.
   */
  private async recordFinished(followUp: boolean): Promise<{ recorded: number; followUps: ClaimedDelivery[] }> {
    const results = this.finished;
    if (results.length === 0) return { recorded: 0, followUps: [] };
    this.finished = [];
    const { chains, more } = followUp ? chainsToFollow(results, this.maxInFlight - this.inFlight.size) : { chains: [], more: false };
    if (more) this.moreDue = true;
    try {
      const { db } = this.options;
      const followUps = await recordAndFollowUp(db, results, chains, this.now(), this.leaseMs);
      return { recorded: results.length, followUps };
    } catch (error) {
      // The leases run out and the deliveries are retried: at-least-once still holds.
      this.options.log.error({ err: error }, "could not record webhook attempts");
      return { recorded: results.length, followUps: [] };
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let found = 0;
      try {
        found = await this.round();
      } catch (error) {
        // A database hiccup must not kill the loop; the next round retries.
        this.options.log.error({ err: error }, "webhook dispatch round failed");
      }
      if (found === 0 && !this.woken && !this.stopped && (await this.idle.sleep(this.options.pollIntervalMs))) {
        // A sleep that ran its course is a poll: look over the whole queue.
        this.lookEverywhere = true;
      }
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Signs and posts one delivery; never rejects (a failure is an outcome). */
  private async deliver(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const attemptedAt = this.now();
    let headers;
    try {
      const secret = this.options.openSecret(delivery.secret);
      headers = signWebhook(signingKey(secret), delivery.eventId, delivery.body, Math.floor(attemptedAt.getTime() / 1000));
    } catch (error) {
      // E.g. SIGNING_KEY_SECRET changed since the consumer was created: retried, and logged.
      this.options.log.error({ err: error, deliveryId: delivery.id }, "cannot open the consumer's signing secret");
      const outcome = { ok: false, statusCode: null, error: "signing secret unavailable", durationMs: 0 };
      return { delivery, outcome, attemptedAt, finishedAt: this.now() };
    }
    const outcome = await this.poster.post(delivery.url, delivery.body, { ...headers });
    return { delivery, outcome, attemptedAt, finishedAt: this.now() };
  }
}

/**
 * The chains whose delivery was delivered or given up (a rescheduled one still heads its chain
 * and is not due), each once, at most `room` of them; `more` when some did not fit.
 */
function chainsToFollow(recorded: AttemptResult[], room: number): { chains: Chain[]; more: boolean } {
  const chains = new Map<string, Chain>();
  for (const { delivery, outcome } of recorded) {
    if (!outcome.ok && delivery.attempt < MAX_ATTEMPTS) continue;
    const key = `${delivery.consumerId} ${delivery.companyId}`;
    if (chains.has(key)) continue;
    if (chains.size >= room) return { chains: [...chains.values()], more: true };
    chains.set(key, { consumerId: delivery.consumerId, companyId: delivery.companyId });
  }
  return { chains: [...chains.values()], more: false };
}
