// A real HTTP server on 127.0.0.1 whose answers an SDK test scripts one by one: statuses,
// bodies, headers (Retry-After, content types), delays, malformed bodies and dropped
// connections. (What is not the SDK's alone, such as free ports, is in @codat/test-kit.)
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { freeLoopbackUrl } from "@codat/test-kit/ports";

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is (HTML, malformed JSON, ...). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Close the connection without answering. */
  drop?: boolean;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ScriptServer {
  url: string;
  received: Received[];
  /** Queue replies, used in order; when the queue is empty, `fallback` answers. */
  reply(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

export async function startScriptServer(): Promise<ScriptServer> {
  const queue: Reply[] = [];
  const received: Received[] = [];
  const state = { fallback: { status: 200, body: {} } as Reply };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const reply = queue.shift() ?? state.fallback;
      const answer = () => {
        if (reply.drop) return req.socket.destroy();
        const text = typeof reply.body === "string" ? reply.body : reply.body === undefined ? "" : JSON.stringify(reply.body);
        const type = typeof reply.body === "string" ? "text/plain" : "application/json";
        res.writeHead(reply.status ?? 200, { "content-type": type, ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    reply: (...replies) => queue.push(...replies),
    get fallback() {
      return state.fallback;
    },
    set fallback(reply: Reply) {
      state.fallback = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: a port just released by a server we closed. */
export const refusedURL = (): Promise<string> => freeLoopbackUrl();

/** The error body the contract documents for `status`. */
export function errorBody(status: number, error = "Something went wrong") {
  return {
    statusCode: status,
    service: "PublicApi",
    error,
    correlationId: "7eb40d6b415d7bcb1c4b3f3b6b5ef1f4",
    validation: { errors: [{ itemId: "companyId", message: "bad", validatorName: "Id" }], warnings: [] },
    canBeRetried: "Unknown",
    detailedErrorCode: 0,
  };
}
