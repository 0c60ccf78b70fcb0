// What the server adds to Fastify's types: per-route auth config, the request's auth context
// and the platform services on the instance.
import type { ServerContext } from "../context.js";

/**
 * How a route authenticates, declared in its route options: `config: { auth: "apiKey" }`.
 * - "apiKey": `Authorization: Basic <base64(API key)>` only (the default when omitted);
 * - "apiKeyOrBearer": that, or `Authorization: Bearer <company token>` for the path's company;
 * - "bearer": company token only (browser routes);
 * - "none": public.
 */
export type AuthMode = "apiKey" | "apiKeyOrBearer" | "bearer" | "none";

export type AuthContext =
  | { kind: "apiKey"; clientId: string; apiKeyId: string }
  | { kind: "bearer"; clientId: string; companyId: string; audience: "connection-management" | "company" };

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Operation id in `/openapi.json`, as in the contract. */
    operationId?: string;
    /** Requests to this route change nothing this server stores (the proxy): none wakes the webhook dispatcher. */
    storesNothing?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every authenticated route; null on public ones. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    context: ServerContext;
  }
  /** Documentation fields of a route schema, used by `/openapi.json`. */
  interface FastifySchema {
    tags?: readonly string[];
    summary?: string;
    description?: string;
    deprecated?: boolean;
  }
}

export {};
