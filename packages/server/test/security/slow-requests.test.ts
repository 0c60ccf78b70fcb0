// Slow clients cannot hold connections: a request whose headers or body trickle in is answered
// 408 (an ErrorMessage) and disconnected once REQUEST_TIMEOUT_MS has passed, with or without
// credentials; a connection that never sends a request is closed too; past MAX_CONNECTIONS a
// process closes new connections on arrival.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { errorMessageProblem } from "./helpers/errors.js";

const REQUEST_TIMEOUT_MS = 1500;
/** Node checks for overdue requests every second; the rest is a busy machine's slack. */
const CLOSED_WITHIN_MS = REQUEST_TIMEOUT_MS + 1000 + 2500;
const TRICKLE_EVERY_MS = 200;

interface Trickle {
  /** Resolves with what the server sent and how long after the start the socket closed. */
  closed: Promise<{ received: string; afterMs: number }>;
  stop(): void;
}

/** Opens a socket, writes `head`, then one byte of `drip` every TRICKLE_EVERY_MS, forever. */
function trickle(url: string, head: string, drip: string): Trickle {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const started = performance.now();
  let received = "";
  let sent = 0;
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (received += chunk));
  socket.on("error", () => undefined);
  socket.write(head);
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(drip[sent++ % drip.length] ?? " ");
  }, TRICKLE_EVERY_MS);
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ received, afterMs: performance.now() - started });
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The status and body of the one HTTP response in `raw`. */
function parse(raw: string): { status: number; body: string; correlationId: string | undefined } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const correlationId = /\r\nx-correlation-id: ([^\r]+)/i.exec(head)?.[1];
  return { status, body, correlationId };
}

describe("slow and idle connections", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), MAX_CONNECTIONS: "40" } });
  });
  after(async () => server?.close());

  it("answers 408 and closes requests whose body trickles in; without credentials 401 before the body", async () => {
    const head = (authorization: string | undefined) =>
      `POST /companies HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n${authorization ? `authorization: ${authorization}\r\n` : ""}\r\n{"name":"`;
    const trickles = Array.from({ length: 20 }, (_, i) => trickle(server.url, head(i % 2 === 0 ? server.authHeader : undefined), "abcdefgh"));
    try {
      const results = await withDeadline(Promise.all(trickles.map((t) => t.closed)), CLOSED_WITHIN_MS, "a trickled body");
      for (const [i, { received, afterMs }] of results.entries()) {
        const { status, body, correlationId } = parse(received);
        if (i % 2 === 0) {
          assert.ok(afterMs >= REQUEST_TIMEOUT_MS - 50, `closed after ${afterMs} ms, before the timeout`);
          assert.equal(status, 408, received.slice(0, 200));
        } else {
          assert.equal(status, 401, received.slice(0, 200));
        }
        assert.equal(errorMessageProblem(status, body, correlationId), undefined, body);
      }
    } finally {
      for (const t of trickles) t.stop();
    }
    const companies = (await (await fetch(`${server.url}/companies`, { headers: { authorization: server.authHeader } })).json()) as { totalResults: number };
    assert.equal(companies.totalResults, 0, "no trickled request was handled");
  });

  it("closes connections whose headers trickle in, and connections that never send a request", async () => {
    const slowHeaders = Array.from({ length: 10 }, () => trickle(server.url, "GET /companies HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ", "abcdefgh"));
    const { hostname, port } = new URL(server.url);
    const idle = Array.from({ length: 10 }, () => {
      const socket = net.connect(Number(port), hostname);
      socket.on("error", () => undefined);
      return new Promise<void>((resolve) => socket.on("close", () => resolve()));
    });
    try {
      await withDeadline(Promise.all([...slowHeaders.map((t) => t.closed), ...idle]), CLOSED_WITHIN_MS, "a slow or idle connection");
    } finally {
      for (const t of slowHeaders) t.stop();
    }
  });

  it("keeps answering normal requests while slow ones are held", async () => {
    const trickles = Array.from({ length: 10 }, () => trickle(server.url, "POST /companies HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 50\r\n\r\n", "{"));
    try {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 200);
    } finally {
      for (const t of trickles) t.stop();
    }
  });

  it("closes connections past MAX_CONNECTIONS on arrival", async () => {
    const { hostname, port } = new URL(server.url);
    const open: net.Socket[] = [];
    let answered = 0;
    let refused = 0;
    try {
      // Keep-alive connections with one finished request each: open, but not overdue. The cap
      // counts every open connection (this suite's earlier fetches may still hold one or two).
      for (let i = 0; i < 45; i++) {
        const socket = net.connect(Number(port), hostname);
        socket.on("error", () => undefined);
        open.push(socket);
        const outcome = await new Promise<"answered" | "refused">((resolve) => {
          socket.once("data", () => resolve("answered"));
          socket.once("close", () => resolve("refused"));
          socket.write("GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
        });
        if (outcome === "answered") answered += 1;
        else refused += 1;
      }
      assert.ok(answered <= 40 && answered >= 35, `${answered} connections served at once with a cap of 40`);
      assert.equal(refused, 45 - answered);
    } finally {
      for (const socket of open) socket.destroy();
    }
    // Below the cap again: served as usual.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
