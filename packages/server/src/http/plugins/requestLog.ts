// One log line per request, on completion, carrying the correlation id (pino child binding),
// method, route, status and duration. (Fastify's own two lines per request are turned off.)
import type { FastifyInstance } from "fastify";

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook("onResponse", (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        // The route template, never the raw path: ids stay out of logs, and so does whatever a
        // client put in the path of an unknown route (an API key pasted into a URL).
        url: request.routeOptions.url ?? "(no route)",
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      "request completed",
    );
    done();
  });
}
