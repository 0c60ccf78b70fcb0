// Wires the revocation queue into the server: a revoker (oauth/revoker.ts) that starts when the
// app is ready and stops (after the round in progress) when it closes. It polls every
// WEBHOOK_POLL_INTERVAL_MS; `wake()` on the returned revoker looks at once (after a commit that
// queued a revocation on this node). Revocations queued on other nodes are picked up by polling.
import type { FastifyInstance } from "fastify";
import { Revoker } from "../../oauth/revoker.js";

/** Deadline of one request to a platform. */
const REVOCATION_TIMEOUT_MS = 10_000;

export async function registerRevocations(app: FastifyInstance): Promise<Revoker> {
  const { config, db, secretBox } = app.context;
  const revoker = new Revoker({
    db,
    secretBox,
    policy: { allowPrivate: config.platformAllowPrivateUrls, timeoutMs: REVOCATION_TIMEOUT_MS },
    pollIntervalMs: config.webhookPollIntervalMs,
    log: app.log.child({ component: "revocations" }),
    now: app.context.clock,
  });
  app.addHook("onReady", async () => {
    revoker.start();
  });
  app.addHook("onClose", async () => {
    await revoker.stop();
  });
  return revoker;
}
