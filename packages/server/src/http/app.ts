// The application factory: a configured Fastify instance with every plugin and route, not yet
// listening. `main.ts` listens; tests call `buildApp` through the test kit (`@codat/test-kit/server`).
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { createLogger, lazyChildLogger, logDestination } from "../logger.js";
import { createServerContext, type Clock, type ServerContext } from "../context.js";
import type { RateLimiter } from "../rate-limits/rate-limiter.js";
import { sharedRateLimiter } from "../rate-limits/redis-rate-limiter.js";
import { registerAuth } from "./plugins/auth.js";
import { registerConnectionLimits } from "./plugins/connection-limits.js";
import { registerCors } from "./plugins/cors.js";
import { newCorrelationId, registerCorrelationId } from "./plugins/correlation-id.js";
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from "./plugins/error-handler.js";
import { registerJsonBodies } from "./plugins/json-body.js";
import { collectOpenApi } from "./plugins/openapi.js";
import { registerRequestLog } from "./plugins/request-log.js";
import { registerShutdown } from "./plugins/shutdown.js";
import { registerValidation } from "./plugins/validation.js";
import { apiKeyRoutes } from "./routes/api-keys.js";
import { browserRoutes } from "./routes/browser/index.js";
import { companyRoutes } from "./routes/companies.js";
import { connectionRoutes } from "./routes/connections.js";
import { corsSettingsRoutes } from "./routes/cors-settings.js";
import { healthRoutes } from "./routes/health.js";
import { integrationRoutes } from "./routes/integrations.js";
import { proxyRoutes } from "./routes/proxy.js";
import { tokenRoutes } from "./routes/tokens.js";
import { wellKnownRoutes } from "./routes/well-known.js";
import "./types.js";
import { openDatabase } from "../storage/dialect.js";
import { migrateToLatest } from "../storage/migrate.js";
import type { Database } from "../storage/schema.js";
import { registerRefresher } from "./plugins/refresher.js";
import { registerRevocations } from "./plugins/revocations.js";
import { registerWebhooks } from "./plugins/webhooks.js";

export interface BuildAppOptions {
  config: Config;
  /** An already open database; by default `config.databaseUrl` is opened (and closed with the app). */
  db?: Kysely<Database>;
  /** Time source for tokens and stored dates (tests move it). */
  clock?: Clock;
  logger?: Logger;
  rateLimiter?: RateLimiter;
}

export interface PlatformApp extends FastifyInstance {
  /** Stops taking requests (new ones get 503), waits for running ones, then closes. */
  drain(): Promise<void>;
}

/** Builds the server: migrates the database, makes sure a signing key exists, registers routes. */
export async function buildApp(options: BuildAppOptions): Promise<PlatformApp> {
  const { config } = options;
  const ownsDatabase = options.db === undefined;
  const db = options.db ?? openDatabase(config.databaseUrl).db;
  await migrateToLatest(db);
  // Typed as Fastify's base logger so the instance keeps the default FastifyInstance type.
  const logger: FastifyBaseLogger = options.logger ?? createLogger(config.logLevel, logDestination(config.logFormat));
  // With REDIS_URL every node counts against the same limits; without it, each node alone.
  const sharedLimiter = options.rateLimiter ? undefined : sharedRateLimiter(config, logger);
  const rateLimiter = options.rateLimiter ?? sharedLimiter;
  await sharedLimiter?.ready();
  const context: ServerContext = createServerContext({
    config,
    db,
    clock: options.clock ?? (() => new Date()),
    ...(rateLimiter ? { rateLimiter } : {}),
    log: logger,
  });
  await context.keyRing.ensureActiveKey();

  const app = Fastify({
    loggerInstance: logger,
    genReqId: newCorrelationId,
    requestIdHeader: false,
    // Fastify's two lines per request are replaced by one (plugins/request-log.ts).
    logController: new LogController({ requestIdLogLabel: "correlationId", disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: config.bodyLimitBytes,
    // A request must arrive whole within REQUEST_TIMEOUT_MS, or it is answered 408 and its
    // connection closed: a client trickling its headers or body cannot hold a connection open.
    // Node checks every second (its default, 30 s, would let requests overstay that much).
    requestTimeout: config.requestTimeoutMs,
    http: { headersTimeout: Math.min(config.requestTimeoutMs, 60_000), connectionsCheckingInterval: 1000 },
    // The client address the failed-authentication throttle counts by (TRUST_PROXY).
    trustProxy: config.trustProxy,
    return503OnClosing: false,
    // Refusals made before routing (router, HTTP parser) are ErrorMessages too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorate("context", context);
  // onClose hooks run newest first: registered before the background workers' (webhooks,
  // revocations, refresher), the database closes after they stopped and saved what they hold
  // (a refresh in flight must store the tokens the platform just rotated).
  if (ownsDatabase) app.addHook("onClose", async () => db.destroy());
  registerConnectionLimits(app);

  registerCorrelationId(app);
  const shutdown = registerShutdown(app);
  registerRequestLog(app);
  registerErrorHandling(app);
  registerJsonBodies(app);
  registerValidation(app);
  registerAuth(app);
  registerCors(app);
  const openApi = collectOpenApi(app);

  await app.register(healthRoutes);
  await app.register(wellKnownRoutes);
  await app.register(companyRoutes);
  await app.register(tokenRoutes);
  await app.register(connectionRoutes);
  await app.register(corsSettingsRoutes);
  await app.register(apiKeyRoutes);
  await app.register(integrationRoutes);
  await app.register(proxyRoutes);
  await app.register(browserRoutes);
  // Not encapsulated: its hooks (wake on changes, start/stop the dispatcher) are app-wide.
  await registerWebhooks(app);
  await registerRevocations(app);
  registerRefresher(app);
  await app.register(openApi.routes);

  if (sharedLimiter) app.addHook("onClose", async () => sharedLimiter.close());
  return Object.assign(app, { drain: shutdown.drain }) as PlatformApp;
}
