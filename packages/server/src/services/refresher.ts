// The background refresher each server node runs: every `pollIntervalMs` (or at once while a
// full batch came back), claim a batch of grants due for a refresh (their access token about to
// expire, or a keep-alive of an idle refresh token) that no node holds, and refresh them a few
// at a time (services/grant-refresh.ts). Nodes share the work through the claims: on
// PostgreSQL a row another node is claiming is passed over; a node that dies mid-refresh lets
// its lease run out, and the grant is claimed again.
import { randomUUID } from "node:crypto";
import type { ServerContext } from "../context.js";
import { REFRESH_LEASE_MS } from "../oauth/refresh-schedule.js";
import { claimDueRefreshes } from "../storage/repositories/connection-credentials.js";
import { WakeableSleep } from "../lib/wakeable-sleep.js";
import { refreshClaimed, type RefreshOutcome } from "./grant-refresh.js";

export interface RefresherOptions {
  pollIntervalMs: number;
  /** Grants claimed per round. */
  batchSize: number;
  /** Refreshes in flight at once on this node. */
  concurrency: number;
}

export class Refresher {
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly idle = new WakeableSleep();
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

  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.wake();
    await this.running;
    this.running = undefined;
  }

  /** One round: claims and refreshes what is due now; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await claimDueRefreshes(this.context.db, {
      now: this.context.clock(),
      limit: this.options.batchSize,
      leaseMs: REFRESH_LEASE_MS,
      claimId: randomUUID(),
    });
    let next = 0;
    const worker = async () => {
      // Stopping: the grants not started yet are left; their claims lapse and any node takes them.
      while (next < claimed.length && !this.stopped) {
        const grant = claimed[next++]!;
        try {
          this.counts[await refreshClaimed(this.context, grant)]++;
        } catch (error) {
          // The claim lapses and the grant is tried again; the loop goes on.
          this.context.log.error({ err: error, connectionId: grant.connectionId }, "refresh failed");
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, worker));
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let found = 0;
      try {
        found = await this.runOnce();
      } catch (error) {
        this.context.log.error({ err: error }, "refresh round failed");
      }
      if (found < this.options.batchSize && !this.stopped) await this.idle.sleep(this.options.pollIntervalMs);
    }
  }

}
