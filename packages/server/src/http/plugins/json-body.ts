// Request bodies: JSON only (anything else is 415). An empty body is "no body" even with a JSON
// content type, because clients routinely send that header on DELETE and body-less POSTs.
// `__proto__` keys are dropped while parsing so no body can reach an object's prototype.
import type { FastifyInstance } from "fastify";
import { ApiError } from "../../errors.js";

function withoutProtoKeys(key: string, value: unknown): unknown {
  return key === "__proto__" ? undefined : value;
}

export function registerJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body: string | Buffer, done) => {
    const text = body.toString().trim();
    if (text === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text, withoutProtoKeys));
    } catch {
      done(new ApiError(400, "Request body is not valid JSON."), undefined);
    }
  });
}
