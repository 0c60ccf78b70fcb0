// One server node for the benchmarks, started as `npm start` starts it (dist/main.js, its own
// process), ready once /readyz answers 200; request logs off and no rate limit, so the figures
// are the service's own. Every node shares the signing-key secret and API key, as the nodes
// of one deployment do.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const API_KEY = "benchmark-api-key-0123456789abcdefghij";

export interface Node {
  url: string;
  /** The node's process id, for its CPU time (/proc/<pid>/stat). */
  pid: number;
  authorization: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node at ${url} exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node at ${url} not ready within 60 s`);
}

export async function startNode(options: { databaseUrl: string; dataDir: string; publicUrl?: string; env?: Record<string, string> }): Promise<Node> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["packages/server/dist/main.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: options.publicUrl ?? url,
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      SIGNING_KEY_SECRET: "benchmark-signing-key-secret-0123456789",
      PLATFORM_API_KEY: API_KEY,
      RATE_LIMIT_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await untilReady(url, child);
  return {
    url,
    pid: child.pid!,
    authorization: `Basic ${Buffer.from(API_KEY).toString("base64")}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
