// API keys of a client: create one (printed once, ready to paste), list them (ids, names and
// dates: never a key, which the server does not keep), revoke one.
import { createApiKey, deleteApiKey, MAX_API_KEYS } from "../services/api-keys.js";
import { countApiKeys, findApiKeyById, listApiKeys } from "../storage/repositories/api-keys.js";
import { isUuid } from "../storage/ids.js";
import { apiKeyLines, CLIENT_OPTION_HELP, CommandError, print, readArguments, table, UsageError, utcMinute, type Command } from "./cli.js";
import { resolveClient } from "./clients.js";

const MAX_KEY_NAME = 100;

export const createApiKeyCommand: Command = {
  name: "create-api-key",
  group: "API keys",
  synopsis: "create-api-key [--client <name|id>] [--name <label>]",
  summary: `a new API key (at most ${MAX_API_KEYS} per client), printed once as the LAST line`,
  details: [
    "The output has the ready Authorization header and an export line for the examples and the",
    "SDK (CODAT_AUTH_HEADER), then the key itself alone on the last line. The server keeps only its",
    "SHA-256: it cannot be shown again.",
    "  npm run admin -- create-api-key --name ci",
    CLIENT_OPTION_HELP,
  ].join("\n"),
  parse(args) {
    const values = readArguments("create-api-key", args, { options: ["client", "name"] });
    const name = values.name?.trim() || null;
    if (name !== null && name.length > MAX_KEY_NAME) throw new UsageError(`create-api-key: --name is at most ${MAX_KEY_NAME} characters`);
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const { record, key } = await createApiKey(context, client.id, name);
      print(
        [
          `Created API key ${record.id}${name === null ? "" : ` "${name}"`} for client "${client.name}" (${client.id}).`,
          "It is shown this once: store it now (list-api-keys shows only key ids).",
          ...apiKeyLines(key),
          key,
        ].join("\n"),
      );
      return 0;
    };
  },
};

export const listApiKeysCommand: Command = {
  name: "list-api-keys",
  group: "API keys",
  synopsis: "list-api-keys [--client <name|id>]",
  summary: "the client's API keys: id, name and creation date (never the keys themselves)",
  details: ["revoke-api-key takes an id from this list.", CLIENT_OPTION_HELP].join("\n"),
  parse(args) {
    const values = readArguments("list-api-keys", args, { options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const keys = await listApiKeys(context.db, client.id);
      const rows = [["id", "name", "created"], ...keys.map((key) => [key.id, key.name ?? "-", utcMinute(key.created)])];
      print(
        keys.length === 0
          ? `Client "${client.name}" (${client.id}) has no API key: create-api-key makes one.`
          : `API keys of client "${client.name}" (${client.id}), ${keys.length} of at most ${MAX_API_KEYS}:\n${table(rows)}`,
      );
      return 0;
    };
  },
};

export const revokeApiKeyCommand: Command = {
  name: "revoke-api-key",
  group: "API keys",
  synopsis: "revoke-api-key <key id> [--client <name|id>]",
  summary: "deletes an API key: requests with it are refused from then on",
  details: [
    "The key id comes from list-api-keys (or create-api-key's output). Running servers refuse the",
    "key within CACHE_TTL_MS (1 s by default). A revoked PLATFORM_API_KEY is not brought back at",
    "the next start. With --client, the key must belong to that client.",
  ].join("\n"),
  parse(args) {
    const values = readArguments("revoke-api-key", args, { positionals: ["key id"], options: ["client"] });
    const keyId = values["key id"].trim();
    if (!isUuid(keyId)) throw new UsageError(`revoke-api-key: "${keyId.slice(0, 60)}" is not a key id (list-api-keys shows them; a key id is not the key)`);
    return async (context) => {
      const key = await findApiKeyById(context.db, keyId);
      const client = values.client === undefined ? undefined : await resolveClient(context.db, values.client);
      if (!key || (client && key.clientId !== client.id)) {
        throw new CommandError(`no API key ${keyId}${client ? ` for client "${client.name}"` : ""} (list-api-keys shows them)`);
      }
      if (!(await deleteApiKey(context, key.clientId, key.id))) throw new CommandError(`API key ${keyId} was deleted meanwhile`);
      const left = await countApiKeys(context.db, key.clientId);
      print(
        `Revoked API key ${key.id}${key.name ? ` "${key.name}"` : ""}: requests with it are refused (by running servers within their cache time, 1 s by default).` +
          (left === 0 ? "\nThe client has no API key left: create-api-key makes one." : ""),
      );
      return 0;
    };
  },
};
