// How long webhook history is kept (WEBHOOK_RETENTION_DAYS). Without pruning, every change
// ever made would stay in the outbox, and every delivery and attempt with it. Pruned:
// - finished deliveries (delivered, or failed for good) completed before the cutoff, and with
//   them their attempts (ON DELETE CASCADE);
// - outbox events generated before the cutoff that are already fanned out and that no pending
//   delivery still needs (a pending delivery reads its event's payload when it is sent).
// Pending deliveries are never pruned, however old. Every node may run this: the deletes are
// idempotent, in batches so that no statement holds the tables for long.
import type { Kysely } from "kysely";
import type { Database } from "../storage/schema.js";
import { webhookDb } from "./schema.js";

const BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneResult {
  deliveries: number;
  events: number;
}

/** Runs a delete of at most BATCH rows until one deletes fewer; returns the rows deleted in all. */
async function inBatches(deleteBatch: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
  let total = 0;
  for (;;) {
    const count = Number((await deleteBatch()).numDeletedRows);
    total += count;
    if (count < BATCH) return total;
  }
}

/** Deletes the history older than `retentionDays` before `now`; returns how many rows went. */
export async function pruneWebhookHistory(db: Kysely<Database>, now: Date, retentionDays: number): Promise<PruneResult> {
  const wdb = webhookDb(db);
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const deliveries = await inBatches(() =>
    wdb
      .deleteFrom("webhook_deliveries")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("webhook_deliveries")
          .select("id")
          .where("status", "in", ["delivered", "failed"])
          .where("completed_date", "<", cutoff)
          .limit(BATCH),
      )
      .executeTakeFirst(),
  );

  // Events up to the fan-out cursor and below the oldest event a pending delivery still needs.
  const cursor = await wdb.selectFrom("webhook_fanout_cursor").select("sequence").where("name", "=", "deliveries").executeTakeFirst();
  const oldestPending = await wdb
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.min("event_sequence").as("sequence"))
    .where("status", "=", "pending")
    .executeTakeFirst();
  const fannedOut = Number(cursor?.sequence ?? 0);
  const needed = oldestPending?.sequence === null || oldestPending?.sequence === undefined ? Infinity : Number(oldestPending.sequence);
  const below = Math.min(fannedOut + 1, needed);
  const events = await inBatches(() =>
    db
      .deleteFrom("webhook_events")
      .where("sequence", "in", (eb) =>
        eb
          .selectFrom("webhook_events")
          .select("sequence")
          .where("sequence", "<", below)
          .where("generated_date", "<", cutoff)
          .orderBy("sequence")
          .limit(BATCH),
      )
      .executeTakeFirst(),
  );
  return { deliveries, events };
}

/**
 * Prunes a minute after start and then hourly, until `stop()`. A failed round (database away)
 * is logged and retried at the next one; it never stops the server.
 */
export function schedulePruning(options: {
  db: Kysely<Database>;
  clock: () => Date;
  retentionDays: number;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
  firstAfterMs?: number;
  everyMs?: number;
}): { stop(): void } {
  const { db, clock, retentionDays, log, firstAfterMs = 60_000, everyMs = 60 * 60_000 } = options;
  let running: Promise<void> | undefined;
  const round = () => {
    if (running) return;
    running = pruneWebhookHistory(db, clock(), retentionDays).then(
      (pruned) => {
        if (pruned.deliveries + pruned.events > 0) log.info({ ...pruned, retentionDays }, "webhook history pruned");
      },
      (error: unknown) => log.warn({ err: error }, "webhook history pruning failed; retrying at the next round"),
    );
    void running.finally(() => (running = undefined));
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    round();
    interval = setInterval(round, everyMs);
    interval.unref();
  }, firstAfterMs);
  first.unref();
  return {
    stop: () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    },
  };
}
