// A real webhook receiver on loopback: records every request (raw body and headers) and
// answers with whatever status the test chooses, so tests can take it "down" and back.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with (default 204); a function can decide per request. */
  respondWith: number | ((request: ReceivedWebhook) => number);
  /** Resolves once `count` requests answered 2xx have arrived in total. */
  waitForSuccesses(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const successes: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const receiver: Receiver = {
    url: "",
    received: [],
    respondWith: 204,
    async waitForSuccesses(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (successes.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${successes.length} of ${count} webhooks arrived in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return successes.slice(0, count);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: ReceivedWebhook = {
        path: req.url ?? "/",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      };
      receiver.received.push(request);
      const status = typeof receiver.respondWith === "function" ? receiver.respondWith(request) : receiver.respondWith;
      if (status >= 200 && status < 300) successes.push(request);
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
