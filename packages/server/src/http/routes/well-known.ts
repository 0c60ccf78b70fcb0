// The public keys that verify this server's tokens. A rotated-out key stays here until every
// token it signed has expired.
import type { FastifyInstance } from "fastify";

const jwks = {
  type: "object",
  properties: {
    keys: {
      type: "array",
      items: {
        type: "object",
        properties: {
          kty: { type: "string" },
          crv: { type: "string" },
          x: { type: "string" },
          kid: { type: "string" },
          alg: { type: "string" },
          use: { type: "string" },
        },
      },
    },
  },
} as const;

export async function wellKnownRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/.well-known/jwks.json",
    { config: { auth: "none" }, schema: { tags: ["Tokens"], summary: "Token verification keys (JWKS)", response: { 200: jwks } } },
    async (_request, reply) => {
      reply.header("cache-control", "public, max-age=60");
      return { keys: await app.context.keyRing.published() };
    },
  );
}
