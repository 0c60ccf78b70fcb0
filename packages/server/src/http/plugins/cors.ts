// CORS for the browser API, and for nothing else. The routes that accept a company token
// (`config.auth` "apiKeyOrBearer" or "bearer") are the only ones a browser may call
// cross-origin, and only from an origin on the allowed list of the client that owns the
// company in the path (or, without a company in the path, the token's client): the actual
// answer carries `Access-Control-Allow-Origin` only then. API-key-only and public routes never
// get an allowance header.
//
// Preflights carry no credentials, so they decide nothing: every well-formed origin gets the
// same answer for a browser route and method, whatever the lists say. An answer that depended
// on the lists would tell anyone which origins some tenant allows. Letting the actual request
// through costs nothing: it must still carry a valid token, and its answer stays unreadable to
// a page whose origin its client has not allowed.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { TtlCache } from "../../cache/ttl-cache.js";
import type { ServerContext } from "../../context.js";
import { isUuid } from "../../storage/ids.js";
import { findCompanyOwner } from "../../storage/repositories/companies.js";
import type { AuthMode } from "../types.js";

const BROWSER_AUTH_MODES = new Set<AuthMode | undefined>(["apiKeyOrBearer", "bearer"]);
const ALLOWED_HEADERS = "authorization, content-type";
const PREFLIGHT_MAX_AGE_SECONDS = 600;

interface BrowserRoute {
  /** The route's URL pattern as a regular expression over the request path. */
  pattern: RegExp;
  url: string;
  methods: Set<string>;
}

/** `/companies/:companyId/connections` → /^\/companies\/(?<companyId>[^/]+)\/connections$/ */
function patternOf(url: string): RegExp {
  const source = url
    .split("/")
    .map((part) => (part.startsWith(":") ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("\\/");
  return new RegExp(`^${source}$`);
}

/** `scheme://host[:port]` of a web page (http or https), exactly as a browser sends it. */
function isWellFormedOrigin(origin: string): boolean {
  if (!origin.startsWith("http://") && !origin.startsWith("https://")) return false;
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}

function addVary(reply: FastifyReply, value: string): void {
  const current = reply.getHeader("vary");
  const values = new Set(
    String(current ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  );
  for (const v of value.split(", ")) values.add(v);
  reply.header("vary", [...values].join(", "));
}

/** Call on the root instance before any route is registered (it learns the routes as they are). */
export function registerCors(app: FastifyInstance): void {
  const context: ServerContext = app.context;
  const routes: BrowserRoute[] = [];
  /** company id → id of the client that owns it (null: no such company). */
  const ownerOfCompany = new TtlCache<string, string | null>(context.config.cacheTtlMs, 100_000);

  app.addHook("onRoute", (route: RouteOptions) => {
    if (!BROWSER_AUTH_MODES.has(route.config?.auth)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let entry = routes.find((r) => r.url === route.url);
    if (!entry) {
      entry = { pattern: patternOf(route.url), url: route.url, methods: new Set() };
      routes.push(entry);
    }
    for (const method of methods) if (method !== "HEAD") entry.methods.add(method);
    const onSend = [route.onSend ?? []].flat();
    if (!onSend.includes(allowOriginOnSend)) route.onSend = [...onSend, allowOriginOnSend];
  });

  // The company's owner is found from its id alone: a 401 must be readable by an allowed page
  // (the component tells "expired" from "offline" by it), so this runs before any credential.
  const clientOwning = (companyId: string) =>
    ownerOfCompany.get(companyId, async () => (await findCompanyOwner(context.db, companyId)) ?? null);

  /** Is `origin` on the list of the client that owns the path's company? Ids that cannot be
   * a company's never reach the database (preflights are unauthenticated). */
  const allowedForCompany = async (companyId: string, origin: string): Promise<boolean> => {
    if (!isUuid(companyId)) return false;
    const clientId = await clientOwning(companyId);
    return clientId !== null && (await context.caches.corsOrigins(clientId)).includes(origin);
  };

  const pathOf = (request: FastifyRequest) => request.url.split("?")[0] ?? "";

  // Preflights: OPTIONS is not routed anywhere else, so one catch-all answers them all.
  app.options("/*", { config: { auth: "none" }, logLevel: "warn" }, (request, reply) => {
    const origin = request.headers.origin;
    const method = request.headers["access-control-request-method"];
    addVary(reply, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    if (typeof origin !== "string" || typeof method !== "string") return reply.code(204).send();
    const path = pathOf(request);
    const route = routes.find((r) => r.pattern.test(path));
    if (!route || !route.methods.has(method.toUpperCase()) || !isWellFormedOrigin(origin)) return reply.code(204).send();
    return reply
      .code(204)
      .header("access-control-allow-origin", origin)
      .header("access-control-allow-methods", [...route.methods].join(", "))
      .header("access-control-allow-headers", ALLOWED_HEADERS)
      .header("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS))
      .send();
  });

  // Actual requests, errors included: the component must be able to read a 401 to know its
  // token expired, rather than seeing an opaque network failure. A route hook of the browser
  // routes only (added by the onRoute hook above): the other routes do not run it at all.
  async function allowOriginOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    addVary(reply, "Origin");
    const origin = request.headers.origin;
    if (typeof origin !== "string") return payload;
    const companyId = (request.params as { companyId?: unknown } | undefined)?.companyId;
    const allowed =
      typeof companyId === "string"
        ? await allowedForCompany(companyId, origin)
        : !!request.auth && (await context.caches.corsOrigins(request.auth.clientId)).includes(origin);
    if (allowed) reply.header("access-control-allow-origin", origin);
    return payload;
  }
}
