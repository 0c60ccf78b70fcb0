// Bounds on connections, beside the request timeouts set on the server (app.ts): Node answers
// 408 and closes a connection whose request headers or body are still arriving after
// REQUEST_TIMEOUT_MS, but it never times out a connection that has sent nothing at all, and it
// accepts connections without limit. Both are bounded here.
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

export function registerConnectionLimits(app: FastifyInstance): void {
  const { requestTimeoutMs, maxConnections } = app.context.config;
  // Past this many open connections, new ones are closed on arrival instead of exhausting the
  // process's file descriptors and memory.
  app.server.maxConnections = maxConnections;
  // A connection that has not sent its first byte within the request timeout is closed. Once
  // a byte arrives, Node's own header and request timeouts govern it (and keepAliveTimeout the
  // idle time between requests).
  app.server.on("connection", (socket: Socket) => {
    const timer = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, requestTimeoutMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  });
}
