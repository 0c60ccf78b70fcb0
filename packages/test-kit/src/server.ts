/**
 * startTestServer: the server in this process, really listening on 127.0.0.1, for any test that
 * calls the API (and benchmarks that want the server without a process of its own).
 *
 *   const server = await startTestServer();            // SQLite in a temp folder
 *   const server = await startTestServer({ dialect: "postgres" });   // fresh PostgreSQL database
 *   after(() => server.close());
 *
 * Options:
 *   dialect  "sqlite" (default; a temp file) or "postgres" (a uniquely named database, dropped on
 *            close; call `postgresOrSkip(t)` from ./postgres.ts first, or declare the suite with
 *            `forEachDialect` from ./dialects.ts, so that a machine without PostgreSQL skips
 *            loudly and CI fails).
 *   clock    `() => Date` used for tokens and stored dates; use `mutableClock()` to move time.
 *   env      extra environment, as the server would read it (e.g. { RATE_LIMIT_PER_MINUTE: "3" }).
 *            PORT, HOST, DATABASE_URL and DATA_DIR are set by the helper.
 *   logLines an array to collect the server's JSON log lines in (level "info" unless env sets
 *            LOG_LEVEL); by default logs are silent unless TEST_LOG_LEVEL is set.
 *   enablePlatforms  (default true) each client gets an app with placeholder credentials at
 *            every built-in OAuth platform, so connections to them can be created; false: none.
 *
 * Returns:
 *   url         "http://127.0.0.1:<port>" (also the server's PUBLIC_URL unless env sets one)
 *   apiKey      a fresh API key of a fresh client (the only client unless you create more)
 *   authHeader  "Basic <base64(apiKey)>", ready for `Authorization` or the SDK's `authHeader`
 *   clientId    that client's id
 *   app         the Fastify instance; `app.context` is its ServerContext (config, db, clock,
 *               key ring, tokens, secret box, read caches, rate limiter)
 *   db          the Kysely handle
 *   createClient(name?)  another client with its own key: { clientId, apiKey, authHeader }
 *   startPeer() another server (own caches, own port) on the same database: a second node
 *   close()     stops the server and deletes the database / temp folder
 *
 * The server as its own process (`node packages/server/dist/main.js`) is ./server-process.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { basicAuth } from "./auth.js";
import { freePort } from "./ports.js";
import { createPostgresDatabase } from "./postgres.js";
import {
  buildApp,
  CATALOGUE,
  createApiKey,
  createClient,
  createLogger,
  loadConfig,
  openDatabase,
  setCredentials,
  type Clock,
  type Database,
  type PlatformApp,
} from "./server-source.js";

export interface TestClient {
  clientId: string;
  apiKey: string;
  authHeader: string;
}

export interface TestServer extends TestClient {
  url: string;
  app: PlatformApp;
  db: Kysely<Database>;
  createClient(name?: string): Promise<TestClient>;
  /** Another server on the same database with its own caches, as a second node would be. */
  startPeer(): Promise<{ url: string; app: PlatformApp }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  dialect?: "sqlite" | "postgres";
  /**
   * Give each test client an app (placeholder client id and secret) at every built-in OAuth
   * platform, as an operator sets up the platforms it offers, so that connections to them can
   * be created (default true). False: clients start with no platform enabled but the sandbox.
   */
  enablePlatforms?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  logLines?: string[];
}

/** A clock tests can move: `clock.advance(ms)`, `clock.set(date)`. */
export function mutableClock(start: Date = new Date()): Clock & { advance(ms: number): void; set(date: Date): void } {
  let now = start.getTime();
  return Object.assign(() => new Date(now), {
    advance: (ms: number) => {
      now += ms;
    },
    set: (date: Date) => {
      now = date.getTime();
    },
  });
}

interface NodeInput {
  databaseUrl: string;
  dataDir: string;
  env: Record<string, string>;
  clock: Clock | undefined;
  logLines: string[] | undefined;
}

/** Builds and starts one server process-equivalent (its own caches) on the given database. */
async function startNode(input: NodeInput): Promise<{ url: string; app: PlatformApp; handle: ReturnType<typeof openDatabase> }> {
  const handle = openDatabase(input.databaseUrl);
  try {
    // The public URL carries the port, so pick a free one first; retry if another process takes it.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const config = loadConfig({ PUBLIC_URL: url, ...input.env, PORT: String(port) }, input.dataDir);
      const logLines = input.logLines;
      const app = await buildApp({
        config,
        db: handle.db,
        ...(input.clock ? { clock: input.clock } : {}),
        logger: createLogger(config.logLevel, logLines ? { write: (line: string) => void logLines.push(line) } : undefined),
      });
      try {
        await app.listen({ port, host: "127.0.0.1" });
        return { url, app, handle };
      } catch (error) {
        await app.close();
        if ((error as { code?: string }).code !== "EADDRINUSE" || attempt >= 5) throw error;
      }
    }
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "platform-server-"));
  const postgres = options.dialect === "postgres" ? await createPostgresDatabase() : undefined;
  const databaseUrl = postgres?.url ?? `sqlite:${path.join(dataDir, "platform.sqlite")}`;
  const env: Record<string, string> = {
    RATE_LIMIT_PER_MINUTE: "0",
    // Tests refuse credentials on purpose, many times a minute from one IP.
    AUTH_FAILURES_PER_MINUTE: "0",
    SIGNING_KEY_SECRET: "test-signing-key-secret-0123456789abcdef",
    LOG_LEVEL: options.logLines ? "info" : (process.env.TEST_LOG_LEVEL ?? "silent"),
    ...options.env,
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
  };
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  };
  const nodeInput: NodeInput = { databaseUrl, dataDir, env, clock: options.clock, logLines: options.logLines };
  let node: Awaited<ReturnType<typeof startNode>>;
  try {
    node = await startNode(nodeInput);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const { url, app, handle } = node;
  const peers: Array<{ app: PlatformApp; handle: ReturnType<typeof openDatabase> }> = [];
  const clock = app.context.clock;
  const newClient = async (name = "Test client"): Promise<TestClient> => {
    const client = await createClient(handle.db, { name, now: clock() });
    const { key } = await createApiKey(handle.db, client.id, { name: "test", now: clock() });
    if (options.enablePlatforms !== false) {
      for (const entry of CATALOGUE) {
        if (entry.oauth) await setCredentials(app.context, client.id, entry, { clientId: `test-${entry.key}`, clientSecret: `test-secret-${entry.key}` });
      }
    }
    return { clientId: client.id, apiKey: key, authHeader: basicAuth(key) };
  };
  const first = await newClient();
  return {
    ...first,
    url,
    app,
    db: handle.db,
    createClient: newClient,
    startPeer: async () => {
      // Nodes of one deployment share its public URL (the load balancer's), hence one token issuer.
      const peer = await startNode({ ...nodeInput, env: { ...env, PUBLIC_URL: url }, logLines: undefined });
      peers.push(peer);
      return { url: peer.url, app: peer.app };
    },
    close: async () => {
      for (const peer of [...peers, { app, handle }]) {
        await peer.app.close();
        await peer.handle.db.destroy();
      }
      await cleanup();
    },
  };
}
