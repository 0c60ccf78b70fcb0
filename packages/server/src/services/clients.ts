// Clients (tenants) are created by the operator (the admin CLI), each with its first API key,
// in one transaction: a client without a key could never be used.
import type { ServerContext } from "../context.js";
import { createApiKey } from "../storage/repositories/api-keys.js";
import { createClient as insertClient, type ClientRecord } from "../storage/repositories/clients.js";

export async function createClient(context: ServerContext, name: string): Promise<{ client: ClientRecord; key: string }> {
  const now = context.clock();
  return context.db.transaction().execute(async (trx) => {
    const client = await insertClient(trx, { name, now });
    const { key } = await createApiKey(trx, client.id, { name: "first key", now });
    return { client, key };
  });
}
