// One server node for the benchmarks, started as `npm start` starts it (dist/main.js, its own
// process, through @codat/test-kit/server-process), ready once /readyz answers 200; request logs
// off and no rate limit, so the figures are the service's own. Every node shares the
// signing-key secret and API key, as the nodes of one deployment do.
import { freePort } from "@codat/test-kit/ports";
import { startServerProcess } from "@codat/test-kit/server-process";

const API_KEY = "benchmark-api-key-0123456789abcdefghij";

export interface Node {
  url: string;
  /** The node's process id, for its CPU time (/proc/<pid>/stat). */
  pid: number;
  authorization: string;
  stop(): Promise<void>;
}

export async function startNode(options: { databaseUrl: string; dataDir: string; publicUrl?: string; env?: Record<string, string> }): Promise<Node> {
  const port = await freePort();
  const server = await startServerProcess({
    baseEnv: "inherit",
    port,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    apiKey: API_KEY,
    waitFor: "readyz",
    stderr: "inherit",
    keepOutput: false,
    env: {
      PUBLIC_URL: options.publicUrl ?? `http://127.0.0.1:${port}`,
      SIGNING_KEY_SECRET: "benchmark-signing-key-secret-0123456789",
      RATE_LIMIT_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      ...options.env,
    },
  });
  return {
    url: server.url,
    pid: server.child.pid!,
    authorization: server.authHeader,
    stop: async () => {
      await server.stop();
    },
  };
}
