// Every request gets a 32-hex-character correlation id: Fastify's request id (so pino puts it
// on every log line of the request as `correlationId`), the `x-correlation-id` response header
// and the `correlationId` of any ErrorMessage.
import { randomFillSync } from "node:crypto";
import type { FastifyInstance } from "fastify";

export const CORRELATION_HEADER = "x-correlation-id";

// Random bytes are drawn 4 KB at a time (one system call per 256 ids), as randomUUID does.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** For Fastify's `genReqId`: 16 random bytes as 32 hex characters. */
export function newCorrelationId(): string {
  if (offset === pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  offset += 16;
  return pool.toString("hex", offset - 16, offset);
}

export function registerCorrelationId(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(CORRELATION_HEADER, request.id);
    done();
  });
}
