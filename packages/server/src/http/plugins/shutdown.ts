// Graceful shutdown. `drain()` keeps the server listening while the requests already running
// finish; every request that arrives meanwhile (new connection or kept-alive one) is answered
// 503 with canBeRetried "True" and `Connection: close`, so clients and load balancers move on.
// When nothing is running any more (or after `graceMs`), the server closes.
import type { FastifyInstance } from "fastify";
import { ApiError, MESSAGES } from "../../errors.js";

export function registerShutdown(app: FastifyInstance, graceMs = 10_000): { drain(): Promise<void> } {
  let draining = false;
  let running = 0;
  let idle: (() => void) | undefined;
  const finished = () => {
    running -= 1;
    if (draining && running === 0) idle?.();
  };

  app.addHook("onRequest", (request, reply, done) => {
    if (!draining) {
      running += 1;
      // The response's "close" fires once, when it was sent or the connection died.
      reply.raw.once("close", finished);
      return done();
    }
    reply.header("connection", "close");
    done(new ApiError(503, MESSAGES[503], { canBeRetried: "True" }));
  });

  return {
    drain: async () => {
      draining = true;
      if (running > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      await app.close();
    },
  };
}
