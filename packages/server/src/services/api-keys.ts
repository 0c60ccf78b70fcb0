// API keys of a client: create (at most MAX_API_KEYS, counted under the client's lock) and
// delete (forgotten at once by this node's caches, within the cache TTL by the others).
import { ApiError } from "../errors.js";
import type { ServerContext } from "../context.js";
import { createApiKey as insertApiKey, countApiKeys, deleteApiKey as removeApiKey, type ApiKeyRecord } from "../storage/repositories/api-keys.js";
import { lockClient } from "../storage/repositories/clients.js";

/** The contract's limit on keys per client. */
export const MAX_API_KEYS = 10;

/**
 * Creates a key for the client; its value is returned here and never again. Counted in the
 * transaction that inserts, holding the client's lock, so concurrent creations (on any node or
 * worker) cannot all pass the check: rate limits are per key, so extra keys would multiply a
 * client's allowance.
 */
export async function createApiKey(context: ServerContext, clientId: string, name: string | null): Promise<{ record: ApiKeyRecord; key: string }> {
  return context.db.transaction().execute(async (trx) => {
    await lockClient(trx, clientId);
    if ((await countApiKeys(trx, clientId)) >= MAX_API_KEYS) {
      throw new ApiError(409, "Maximum number of API keys reached. To create a new API key, delete an unused key and try again.");
    }
    return insertApiKey(trx, clientId, { name, now: context.clock() });
  });
}

/**
 * Deletes the client's key, remembering its hash so that a fixed-value key (PLATFORM_API_KEY)
 * is not brought back at the next start; false when the client has no such key.
 */
export async function deleteApiKey(context: ServerContext, clientId: string, apiKeyId: string): Promise<boolean> {
  const now = context.clock();
  const deleted = await context.db.transaction().execute((trx) => removeApiKey(trx, clientId, apiKeyId, now));
  if (deleted) context.caches.forgetApiKeys();
  return deleted;
}
