// The real server as operators run it: `node packages/server/dist/main.js` in its own process,
// configured only through the environment, so a test can `kill -9` it and start it again on
// the same database. Build first (`npm run build`; `npm test` does).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MAIN_JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "dist", "main.js");

export interface ServerProcess {
  url: string;
  authHeader: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no drain, no flush, no goodbye. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (graceful drain). */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  databaseUrl: string;
  dataDir: string;
  apiKey: string;
  env?: Record<string, string>;
}

export const SIGNING_KEY_SECRET = "security-tests-signing-key-secret-0123456789";

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  assert.ok(existsSync(MAIN_JS), `${MAIN_JS} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      PLATFORM_API_KEY: options.apiKey,
      SIGNING_KEY_SECRET,
      RATE_LIMIT_PER_MINUTE: "0",
      // Tests refuse credentials on purpose, many times a minute from one IP.
      AUTH_FAILURES_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  // Generous: a cold start on a busy machine loads every module from disk.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`the server exited with ${child.exitCode} while starting:\n${output}`);
    const ready = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      assert.fail(`the server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    authHeader: `Basic ${Buffer.from(options.apiKey).toString("base64")}`,
    child,
    output: () => output,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
