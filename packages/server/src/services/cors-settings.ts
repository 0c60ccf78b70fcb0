// A client's allowed browser origins: replaced as a whole, normalised, and forgotten by this
// node's cache at once (other nodes follow within the cache TTL).
import type { ServerContext } from "../context.js";
import { badRequest, type ValidationItem } from "../errors.js";
import { replaceCorsOrigins } from "../storage/repositories/cors-origins.js";

/** `https://Example.com:443/` → `https://example.com`; undefined when it is not a bare origin. */
function normaliseOrigin(value: string): string | undefined {
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
        message: "must be an http(s) origin such as https://app.example.com (no path, query or fragment)",
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
