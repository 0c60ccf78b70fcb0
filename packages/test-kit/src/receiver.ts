// A real webhook receiver on loopback, for the webhook tests and the delivery benchmark:
// records every request (path, raw body, headers, arrival time) and answers with whatever
// status the caller chooses, so a test can take it "down" and back (`startReceiver(port)` comes
// back on the same address; `freePort()` from ./ports.ts picks one nobody listens on yet).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When it arrived: milliseconds since the epoch, like Date.now(), to a fraction of a millisecond. */
  receivedAt: number;
  /** The status this receiver answered with. */
  status: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with (default 204); a function can decide per request. */
  respondWith: number | ((request: ReceivedWebhook) => number);
  /** Resolves once `received` holds `count` requests answered 2xx (clear `received` to restart). */
  waitForSuccesses(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** The first request received on `path` (waiting for it if needed). */
  waitForPath(path: string, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const waiters: Array<() => void> = [];
  const receiver: Receiver = {
    url: "",
    received: [],
    respondWith: 204,
    async waitForSuccesses(count, timeoutMs = 10_000) {
      const successes = () => receiver.received.filter((r) => r.status >= 200 && r.status < 300);
      await until(() => successes().length >= count, timeoutMs, () => `only ${successes().length} of ${count} webhooks arrived`);
      return successes().slice(0, count);
    },
    async waitForPath(path, timeoutMs = 10_000) {
      await until(() => receiver.received.some((r) => r.path === path), timeoutMs, () => `nothing arrived on ${path}`);
      return receiver.received.find((r) => r.path === path)!;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  async function until(done: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${failure()} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: ReceivedWebhook = {
        path: req.url ?? "/",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: performance.timeOrigin + performance.now(),
        status: 0,
      };
      request.status = typeof receiver.respondWith === "function" ? receiver.respondWith(request) : receiver.respondWith;
      receiver.received.push(request);
      res.writeHead(request.status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
