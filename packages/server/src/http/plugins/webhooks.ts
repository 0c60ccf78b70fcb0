// Wires webhooks into the server: the consumer routes, and a dispatcher that starts when the
// app is ready and stops (after its in-flight deliveries) when it closes. Any mutating request
// on this node (but those to routes that store nothing here: the proxy) wakes the dispatcher, so a change is usually delivered without waiting for the
// next poll; changes made on other nodes are picked up by polling. History older than
// WEBHOOK_RETENTION_DAYS is pruned hourly (retention.ts).
import type { FastifyInstance } from "fastify";
import { WebhookDispatcher } from "../../webhooks/dispatcher.js";
import { schedulePruning } from "../../webhooks/retention.js";
import { webhookConsumerRoutes } from "../routes/webhooks.js";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function registerWebhooks(app: FastifyInstance): Promise<WebhookDispatcher> {
  const { config, db, secretBox: box } = app.context;
  const log = app.log.child({ component: "webhooks" });
  const dispatcher = new WebhookDispatcher({
    db,
    pollIntervalMs: config.webhookPollIntervalMs,
    timeoutMs: config.webhookTimeoutMs,
    allowPrivateUrls: config.webhookAllowPrivateUrls,
    openSecret: (sealed) => box.open(sealed).toString("utf8"),
    log,
  });
  await webhookConsumerRoutes(app);
  app.addHook("onResponse", (request, _reply, done) => {
    if (MUTATING.has(request.method) && request.routeOptions.config.storesNothing !== true) dispatcher.wake();
    done();
  });
  let pruning: { stop(): void } | undefined;
  app.addHook("onReady", async () => {
    dispatcher.start();
    if (config.webhookRetentionDays > 0) {
      pruning = schedulePruning({ db, clock: app.context.clock, retentionDays: config.webhookRetentionDays, log });
    }
  });
  app.addHook("onClose", async () => {
    pruning?.stop();
    await dispatcher.stop();
  });
  return dispatcher;
}
