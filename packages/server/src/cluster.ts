// WORKERS > 1: several server processes on one machine, sharing the listening port through
// node:cluster. A Node process runs JavaScript on one core; the token endpoint is CPU-bound
// (Ed25519 signing), so one process per core is how one machine serves more.
//
// The primary prepares the database once (migrations, signing key, seed) so the workers never
// race each other doing it, forks the workers, prints the banner when all of them listen,
// replaces a worker that dies, and on SIGTERM / SIGINT drains them all. Each worker is a whole
// server node, exactly as in a multi-node deployment: the same database, caches bounded by
// CACHE_TTL_MS, rate limits shared only through REDIS_URL (without it, each process limits alone).
import cluster, { type Worker } from "node:cluster";
import { createServerContext } from "./context.js";
import type { Config } from "./config.js";
import { createLogger, logDestination } from "./logger.js";
import { seed, type SeedResult } from "./seed.js";
import { openDatabase } from "./storage/dialect.js";
import { migrateToLatest } from "./storage/migrate.js";

/** What a worker tells the primary once it listens. */
export const LISTENING_MESSAGE = "platform:listening";

/** A worker stopped before it listened; it said why on stderr. */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
  constructor(
    message: string,
    /** The worker's exit code (78: the environment's fault, already explained on stderr). */
    readonly workerExitCode: number | null,
  ) {
    super(message);
  }
}

/** A worker that dies this often within a minute is crashing, not unlucky: give up. */
const MAX_RESTARTS_PER_MINUTE = 5;

/** Migrates, makes sure a signing key exists and seeds a new database, then lets go of it. */
async function prepareDatabase(config: Config): Promise<SeedResult> {
  const { db } = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const context = createServerContext({ config, db, clock: () => new Date() });
    await context.keyRing.ensureActiveKey();
    return await seed(context);
  } finally {
    await db.destroy();
  }
}

/**
 * Runs the primary process: resolves once every worker listens, with what the banner shows.
 * From then on it supervises them until a signal stops them all, then exits.
 */
export async function runPrimary(config: Config): Promise<SeedResult> {
  const log = createLogger(config.logLevel, logDestination(config.logFormat)).child({ component: "primary" });
  const seeded = await prepareDatabase(config);
  if (config.rateLimitPerMinute > 0 && !config.redisUrl) {
    log.warn({ workers: config.workers }, "no REDIS_URL: each worker process applies RATE_LIMIT_PER_MINUTE on its own");
  }

  const workers = new Set<Worker>();
  const restarts: number[] = [];
  let started = false;
  let stopping = false;
  let exitCode = 0;

  /** Signals every worker; the primary exits with `code` once the last one is gone. */
  const stopAll = (signal: NodeJS.Signals, code: number) => {
    stopping = true;
    exitCode = Math.max(exitCode, code);
    if (workers.size === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill(signal);
  };

  const fork = (): Worker => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on("exit", (code, signal) => {
      workers.delete(worker);
      if (stopping) {
        if (workers.size === 0) process.exit(exitCode);
        return;
      }
      // While starting, a worker that exits fails the start (below) instead of being replaced.
      if (!started) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        log.fatal({ code, signal }, "workers keep dying: stopping the server");
        stopAll("SIGTERM", 1);
        return;
      }
      log.error({ pid: worker.process.pid, code, signal }, "worker died: starting a new one");
      fork();
    });
    return worker;
  };

  // Start-up: every worker must reach `listen`; one that exits before (port taken, database
  // unreachable) stops the whole server with its error already on stderr.
  await Promise.all(
    Array.from(
      { length: config.workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = fork();
          const failed = (code: number | null) => reject(new WorkerStartError(`a worker exited with ${code} while starting`, code));
          worker.once("exit", failed);
          worker.on("message", (message) => {
            if (message !== LISTENING_MESSAGE) return;
            worker.off("exit", failed);
            resolve();
          });
        }),
    ),
  ).catch((error: unknown) => {
    stopAll("SIGKILL", 1);
    throw error;
  });
  started = true;

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, "second signal: stopping the workers now");
      stopAll("SIGKILL", 1);
      return;
    }
    signalled = true;
    log.info({ signal }, "draining: each worker finishes its running requests");
    stopAll("SIGTERM", 0);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return seeded;
}
