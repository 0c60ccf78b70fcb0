// Every request gets a 32-hex-character correlation id: Fastify's request id (so pino puts it
// on every log line of the request as `correlationId`), the `x-correlation-id` response header
// and the `correlationId` of any ErrorMessage.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";

export const CORRELATION_HEADER = "x-correlation-id";

/** For Fastify's `genReqId`: a v4 UUID without dashes is 32 random-enough hex characters. */
export function newCorrelationId(): string {
  return randomUUID().replaceAll("-", "");
}

export function registerCorrelationId(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(CORRELATION_HEADER, request.id);
    done();
  });
}
