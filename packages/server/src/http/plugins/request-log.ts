// One log line per request, on completion: correlation id, method, route, status and duration.
// (Fastify's own two lines per request are turned off.) Written for the root logger with the
// correlation id as a field (accessLogWriter in logger.ts), so a request that logs nothing else
// never materialises its child logger (see lazyChildLogger).
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { accessLogWriter } from "../../logger.js";

/** Does a logger at `level` (empty: inherited) write `info` lines? */
const writesInfo = (level: string | undefined): boolean => !level || (pino.levels.values[level] ?? 0) <= pino.levels.values.info!;

export function registerRequestLog(app: FastifyInstance): void {
  const log = app.log;
  // The level is fixed for the process's life (LOG_LEVEL): above `info`, no hook at all.
  if (!writesInfo(log.level)) return;
  const write = accessLogWriter(log);
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions;
    // A route may log more quietly than the server (the CORS preflight answers at `warn`).
    if (writesInfo(route.logLevel)) {
      write({
        correlationId: request.id,
        method: request.method,
        // The route template, never the raw path: ids stay out of logs, and so does whatever a
        // client put in the path of an unknown route (an API key pasted into a URL).
        url: route.url ?? "(no route)",
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      });
    }
    done();
  });
}
