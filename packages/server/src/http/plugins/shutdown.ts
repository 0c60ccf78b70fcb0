// Graceful shutdown: once draining starts, requests already running finish, and any new one
// (e.g. on a kept-alive connection) is answered 503 with canBeRetried "True".
import type { FastifyInstance } from "fastify";
import { ApiError, MESSAGES } from "../errors.js";

export function registerShutdown(app: FastifyInstance): { drain(): Promise<void> } {
  let draining = false;
  app.addHook("onRequest", (_request, reply, done) => {
    if (!draining) return done();
    reply.header("connection", "close");
    done(new ApiError(503, MESSAGES[503], { canBeRetried: "True" }));
  });
  return {
    drain: async () => {
      draining = true;
      await app.close();
    },
  };
}
