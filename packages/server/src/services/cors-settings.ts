// A client's allowed browser origins: replaced as a whole (the API), or one added or removed
// (the admin CLI); normalised, and forgotten by this node's cache at once (other nodes follow
// within the cache TTL).
import type { ServerContext } from "../context.js";
import { ApiError, badRequest, type ValidationItem } from "../errors.js";
import { lockClient } from "../storage/repositories/clients.js";
import { addCorsOrigin, listCorsOrigins, removeCorsOrigin, replaceCorsOrigins } from "../storage/repositories/cors-origins.js";

/** As many origins as the API's body takes (http/schemas/resources.ts, allowedOriginsBody). */
export const MAX_ALLOWED_ORIGINS = 100;

const ORIGIN_RULE = "must be an http(s) origin such as https://app.example.com (no path, query or fragment)";

/** `https://Example.com:443/` → `https://example.com`; undefined when it is not a bare origin. */
export function normaliseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) return undefined;
  return url.origin;
}

/** Replaces the client's origins; a value that is not an http(s) origin refuses them all (400 naming each). */
export async function setAllowedOrigins(context: ServerContext, clientId: string, values: string[]): Promise<string[]> {
  const errors: ValidationItem[] = [];
  const origins = new Set<string>();
  values.forEach((value, index) => {
    const origin = normaliseOrigin(value);
    if (origin) origins.add(origin);
    else
      errors.push({
        itemId: `body.allowedOrigins.${index}`,
        message: ORIGIN_RULE,
        validatorName: "origin",
      });
  });
  if (errors.length > 0) throw badRequest("Error processing request - not valid.", errors);
  // Stored and listed in code-point order, so a read answers exactly what the write answered.
  const sorted = [...origins].sort();
  await replaceCorsOrigins(context.db, clientId, sorted, context.clock());
  context.caches.forgetCorsOrigins(clientId);
  return sorted;
}

/** The one origin `value` names, or a 400 saying what an origin is (and what was probably meant). */
function requireOrigin(value: string): string {
  const origin = normaliseOrigin(value);
  if (origin) return origin;
  const withScheme = /^[a-z0-9.-]+(:\d+)?\/?$/i.test(value.trim()) ? normaliseOrigin(`https://${value.trim()}`) : undefined;
  throw badRequest(`"${value.slice(0, 200)}" is not an origin: it ${ORIGIN_RULE}${withScheme ? `; did you mean ${withScheme}?` : ""}`);
}

/**
 * Adds one origin to the client's list (the admin CLI's `allow-origin`), counted under the
 * client's lock so that concurrent additions cannot pass MAX_ALLOWED_ORIGINS; `added` is false
 * when it was allowed already.
 */
export async function allowOrigin(context: ServerContext, clientId: string, value: string): Promise<{ origin: string; added: boolean }> {
  const origin = requireOrigin(value);
  const added = await context.db.transaction().execute(async (trx) => {
    await lockClient(trx, clientId);
    const current = await listCorsOrigins(trx, clientId);
    if (current.includes(origin)) return false;
    if (current.length >= MAX_ALLOWED_ORIGINS) throw new ApiError(409, `At most ${MAX_ALLOWED_ORIGINS} origins can be allowed; remove one first.`);
    return addCorsOrigin(trx, clientId, origin, context.clock());
  });
  context.caches.forgetCorsOrigins(clientId);
  return { origin, added };
}

/** Removes one origin from the client's list; `removed` is false when it was not on it. */
export async function disallowOrigin(context: ServerContext, clientId: string, value: string): Promise<{ origin: string; removed: boolean }> {
  const origin = requireOrigin(value);
  const removed = await removeCorsOrigin(context.db, clientId, origin);
  context.caches.forgetCorsOrigins(clientId);
  return { origin, removed };
}
