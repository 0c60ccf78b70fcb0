/**
 * The built server as operators run it: `node packages/server/dist/main.js` in its own process,
 * configured only through the environment, so that a test can `kill -9` it, SIGTERM it (drain),
 * start it with WORKERS > 1, read what it printed, and start it again on the same database.
 * Benchmarks start their nodes with it too. Build first (`npm run build`; `npm test` does).
 *
 *   const server = await startServerProcess({ databaseUrl, dataDir, apiKey });
 *   await fetch(`${server.url}/companies`, { headers: { authorization: server.authHeader } });
 *   await server.stop();      // SIGTERM, resolves with the exit code once it is gone
 *   await server.kill9();     // or SIGKILL: no drain, no flush, no goodbye
 *
 * Options (all optional):
 *   dataDir, databaseUrl, apiKey, port, workers
 *               DATA_DIR, DATABASE_URL, PLATFORM_API_KEY, PORT (start: a free port by default),
 *               WORKERS; left unset when not given, so the server's own defaults apply
 *   env         more environment, the last word (a "" value blanks a variable)
 *   baseEnv     "test" (default): only PATH plus TEST_SERVER_ENV (loopback, no rate limits, a
 *               fixed signing-key secret, warn logs); "inherit": this process's environment as
 *               is, as a shell running `npm start` would hand it over
 *   cwd         the working directory (the server's ./data lives there without DATA_DIR)
 *   waitFor     when start counts as done: "healthz" (the default with one process), "readyz"
 *               (the database answers too), or "banner" (the start banner is printed: with
 *               WORKERS > 1, every worker listens; the default then)
 *   timeoutMs   how long to wait for it (default 60 s: a cold start on a busy machine loads every
 *               module from disk); the process exiting first, or the time running out, fails
 *               with everything it printed
 *   stderr      "pipe" (default): kept with stdout for output(); "inherit": straight to this
 *               process's stderr (benchmarks, where errors should show as they happen)
 *   keepOutput  true (default): output() holds everything printed; false: once started, output
 *               is read and dropped (a benchmark's request logs would fill memory)
 *
 * `spawnServer` is the same without waiting for anything (a start that must fail, or the admin
 * CLI: `spawnServer({ script: ADMIN_JS, args: ["create-client", "Acme"] })`).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { basicAuth } from "./auth.js";
import { freePort } from "./ports.js";

/** The server's built entry points (`npm run build -w packages/server`). */
export const MAIN_JS = fileURLToPath(new URL("../../server/dist/main.js", import.meta.url));
export const ADMIN_JS = fileURLToPath(new URL("../../server/dist/admin.js", import.meta.url));

/** What a test's server runs with unless told otherwise (baseEnv "test"). */
export const TEST_SERVER_ENV: Readonly<Record<string, string>> = {
  HOST: "127.0.0.1",
  SIGNING_KEY_SECRET: "security-tests-signing-key-secret-0123456789",
  RATE_LIMIT_PER_MINUTE: "0",
  // Tests refuse credentials on purpose, many times a minute from one IP.
  AUTH_FAILURES_PER_MINUTE: "0",
  LOG_LEVEL: "warn",
};

export interface ServerProcessOptions {
  /** The entry point to run (default MAIN_JS). */
  script?: string;
  args?: string[];
  cwd?: string;
  dataDir?: string;
  databaseUrl?: string;
  apiKey?: string;
  port?: number;
  workers?: number;
  env?: Record<string, string>;
  baseEnv?: "test" | "inherit";
  stderr?: "pipe" | "inherit";
  keepOutput?: boolean;
}

export interface StartServerOptions extends ServerProcessOptions {
  waitFor?: "healthz" | "readyz" | "banner";
  timeoutMs?: number;
}

export interface ServerChild {
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far, in the order it arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** SIGKILL: no drain, no flush, no goodbye. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful drain) and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerProcess extends ServerChild {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** `Basic <base64(apiKey)>` of the `apiKey` option; "" without one (read the banner). */
  authHeader: string;
}

/** The banner's last line: printed once the server (every worker of it) listens. */
const BANNER_END = /API document/;

/** Starts the process and returns at once; nothing is waited for. */
export function spawnServer(options: ServerProcessOptions = {}): ServerChild {
  return launch(options).server;
}

/** The process, and a switch that stops keeping its output (keepOutput: false). */
function launch(options: ServerProcessOptions): { server: ServerChild; dropOutput(): void } {
  const script = options.script ?? MAIN_JS;
  assert.ok(existsSync(script), `${script} is missing: run \`npm run build\` first`);
  const base: NodeJS.ProcessEnv = options.baseEnv === "inherit" ? { ...process.env } : { PATH: process.env.PATH ?? "", ...TEST_SERVER_ENV };
  const given: Record<string, string | undefined> = {
    PORT: options.port === undefined ? undefined : String(options.port),
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    PLATFORM_API_KEY: options.apiKey,
    WORKERS: options.workers === undefined ? undefined : String(options.workers),
  };
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) env[name] = value;
  Object.assign(env, options.env);

  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env,
    stdio: ["ignore", "pipe", options.stderr === "inherit" ? "inherit" : "pipe"],
  });
  let keeping = true;
  let output = "";
  let stdout = "";
  let stderr = "";
  // Decoded as UTF-8 across chunk boundaries; always read, so the process never blocks on a full pipe.
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    if (!keeping) return;
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk: string) => {
    if (!keeping) return;
    output += chunk;
    stderr += chunk;
  });
  // Once it has exited and what it printed has been read (its output pipes close), or 250 ms
  // after it exited when they stay open (workers of a killed primary still hold them).
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      const timer = setTimeout(() => resolve(code), 250);
      child.once("close", () => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const server: ServerChild = {
    child,
    exited,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    kill9: async () => {
      if (running()) child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (running()) child.kill("SIGTERM");
      return exited;
    },
  };
  const dropOutput = () => {
    keeping = false;
    output = stdout = stderr = "";
  };
  return { server, dropOutput };
}

/** Starts the server and resolves once it answers (see `waitFor`). */
export async function startServerProcess(options: StartServerOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const { server, dropOutput } = launch({ ...options, port });
  const workers = Number(options.workers ?? options.env?.WORKERS ?? 1);
  const waitFor = options.waitFor ?? (workers > 1 ? "banner" : "healthz");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = (): Promise<boolean> =>
    waitFor === "banner" ? Promise.resolve(BANNER_END.test(server.stdout())) : fetch(`${url}/${waitFor}`).then((r) => r.ok, () => false);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) {
      assert.fail(`the server exited with ${child.exitCode ?? child.signalCode} while starting:\n${server.output()}`);
    }
    if (await started()) break;
    if (Date.now() > deadline) {
      await server.kill9();
      assert.fail(`the server did not answer (${waitFor}) within ${timeoutMs / 1000} s:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (options.keepOutput === false) dropOutput();
  return { ...server, url, port, authHeader: options.apiKey === undefined ? "" : basicAuth(options.apiKey) };
}
