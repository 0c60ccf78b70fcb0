// Wires the background refresher (services/refresher.ts) into the server: started when the app
// is ready, stopped (after the refreshes in flight) when it closes. REFRESH_CONCURRENCY,
// REFRESH_BATCH and REFRESH_POLL_INTERVAL_MS tune it; REFRESH_CONCURRENCY=0 turns it off on a
// node (its connections are still refreshed on use, and by the other nodes).
import type { FastifyInstance } from "fastify";
import { Refresher } from "../../services/refresher.js";

export function registerRefresher(app: FastifyInstance): Refresher | undefined {
  const { config } = app.context;
  if (config.refreshConcurrency === 0) return undefined;
  const refresher = new Refresher(app.context, {
    pollIntervalMs: config.refreshPollIntervalMs,
    batchSize: config.refreshBatch,
    concurrency: config.refreshConcurrency,
  });
  app.addHook("onReady", async () => refresher.start());
  app.addHook("onClose", async () => refresher.stop());
  return refresher;
}
