// The background refresher each server node runs. It keeps up to `concurrency` refreshes in
// flight, drawing from a queue of grants it has claimed (their access token about to expire,
// or a keep-alive of an idle refresh token due), and claims the next batch while the queue
// still holds work, so a slow platform holds only the slots its own calls take, never a
// round, and the pipeline never runs dry between batches. When a claim finds less than a full
// batch it waits `pollIntervalMs` (or until stopping) before looking again.
//
// Nodes share the work through the claims: on PostgreSQL a row another node is claiming is
// passed over; a node that dies mid-refresh lets its lease run out, and the grant is claimed
// again; a node that stops gives its queued claims back at once.
import { randomUUID } from "node:crypto";
import type { ServerContext } from "../context.js";
import { REFRESH_LEASE_MS } from "../oauth/refresh-schedule.js";
import { claimDueRefreshes, releaseClaims, type ClaimedGrant } from "../storage/repositories/connection-credentials.js";
import { WakeableSleep } from "../lib/wakeable-sleep.js";
import { refreshClaimed, type RefreshOutcome } from "./grant-refresh.js";

export interface RefresherOptions {
  pollIntervalMs: number;
  /** Grants claimed at a time. */
  batchSize: number;
  /** Refreshes in flight at once on this node. */
  concurrency: number;
}

export class Refresher {
  private running: Promise<void> | undefined;
  private stopped = true;
  /** The loop's wait: for a refresh to finish, the next poll, or stopping. */
  private readonly idle = new WakeableSleep();
  /** Claimed, not started yet; oldest claims first. */
  private queue: ClaimedGrant[] = [];
  private readonly active = new Set<Promise<void>>();
  /** Outcomes since start, for logs and benchmarks. */
  readonly counts: Record<RefreshOutcome, number> = { refreshed: 0, deauthorized: 0, retrying: 0, lost: 0, gone: 0 };

  constructor(
    private readonly context: ServerContext,
    private readonly options: RefresherOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Lets the refreshes in flight finish, and gives back the claims not started. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.wake();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    const { concurrency, batchSize, pollIntervalMs } = this.options;
    /** No claim before this time (epoch ms): the last one found all that was due. */
    let nextClaimAt = 0;
    while (!this.stopped) {
      if (this.queue.length < concurrency && Date.now() >= nextClaimAt) {
        const found = await this.claim(batchSize);
        if (found < batchSize) nextClaimAt = Date.now() + pollIntervalMs;
      }
      while (this.active.size < concurrency && this.queue.length > 0 && !this.stopped) this.begin(this.queue.shift()!);
      if (this.stopped) break;
      // Claim again at once when the queue runs low and more may be due; otherwise wait for a
      // refresh to finish (it wakes the loop) or for the next poll.
      if (this.queue.length < concurrency && Date.now() >= nextClaimAt) continue;
      await this.idle.sleep(Math.max(1, nextClaimAt > Date.now() ? nextClaimAt - Date.now() : pollIntervalMs));
    }
    await Promise.all(this.active);
    const untouched = this.queue;
    this.queue = [];
    if (untouched.length > 0) {
      await releaseClaims(this.context.db, untouched).catch((error: unknown) => {
        // Their leases run out instead, and any node takes them then.
        this.context.log.warn({ err: error, claims: untouched.length }, "queued refresh claims not released at shutdown");
      });
    }
  }

  /** Claims up to `limit` due grants into the queue; returns how many. */
  private async claim(limit: number): Promise<number> {
    try {
      const claimed = await claimDueRefreshes(this.context.db, { now: this.context.clock(), limit, leaseMs: REFRESH_LEASE_MS, claimId: randomUUID() });
      this.queue.push(...claimed);
      return claimed.length;
    } catch (error) {
      this.context.log.error({ err: error }, "claiming grants to refresh failed");
      return 0;
    }
  }

  private begin(grant: ClaimedGrant): void {
    const refresh = refreshClaimed(this.context, grant).then(
      (outcome) => {
        this.counts[outcome]++;
      },
      (error: unknown) => {
        // The claim lapses and the grant is tried again; the loop goes on.
        this.context.log.error({ err: error, connectionId: grant.connectionId }, "refresh failed");
      },
    );
    const tracked = refresh.finally(() => {
      this.active.delete(tracked);
      this.idle.wake();
    });
    this.active.add(tracked);
  }
}
