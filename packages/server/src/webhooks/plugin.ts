// Wires webhooks into the server: the consumer routes, and a dispatcher that starts when the
// app is ready and stops (after its in-flight deliveries) when it closes. Any mutating request
// on this node wakes the dispatcher, so a change is usually delivered without waiting for the
// next poll; changes made on other nodes are picked up by polling.
import type { FastifyInstance } from "fastify";
import { secretBoxFor } from "../tokens/secretBox.js";
import { WebhookDispatcher } from "./dispatcher.js";
import { webhookConsumerRoutes } from "./routes.js";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function registerWebhooks(app: FastifyInstance): Promise<WebhookDispatcher> {
  const { config, db, dialect } = app.platform;
  const box = secretBoxFor(config);
  const dispatcher = new WebhookDispatcher({
    db,
    dialect,
    pollIntervalMs: config.webhookPollIntervalMs,
    timeoutMs: config.webhookTimeoutMs,
    allowPrivateUrls: config.webhookAllowPrivateUrls,
    openSecret: (sealed) => box.open(sealed).toString("utf8"),
    log: app.log.child({ component: "webhooks" }),
  });
  await webhookConsumerRoutes(app, box);
  app.addHook("onResponse", (request, _reply, done) => {
    if (MUTATING.has(request.method)) dispatcher.wake();
    done();
  });
  app.addHook("onReady", async () => dispatcher.start());
  app.addHook("onClose", async () => dispatcher.stop());
  return dispatcher;
}
