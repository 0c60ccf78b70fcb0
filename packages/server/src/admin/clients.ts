// Clients: which one a command is about (`--client <name|id>`), listing them, creating one.
import type { Kysely } from "kysely";
import { createClient } from "../services/clients.js";
import { countApiKeys } from "../storage/repositories/api-keys.js";
import { findClientsByName, findDefaultClient, getClient, listClients, type ClientRecord } from "../storage/repositories/clients.js";
import { listCorsOrigins } from "../storage/repositories/cors-origins.js";
import { isUuid } from "../storage/ids.js";
import type { Database } from "../storage/schema.js";
import { apiKeyLines, CommandError, print, readArguments, table, UsageError, utcMinute, type Command } from "./cli.js";

/**
 * The client `--client` names: its id, its exact name, or `default` (the client npm start
 * seeded). Without `--client`: the default client, or the only client there is.
 */
export async function resolveClient(db: Kysely<Database>, value: string | undefined): Promise<ClientRecord> {
  const wanted = value?.trim();
  if (wanted === undefined || wanted === "" || wanted === "default") {
    const fallback = await findDefaultClient(db);
    if (fallback) return fallback;
    const clients = await listClients(db);
    if (clients.length === 1) return clients[0]!;
    if (wanted === "default") throw new CommandError("no default client (npm start seeds it): name a client with --client (list-clients shows them)");
    throw new CommandError(
      clients.length === 0 ? "no client yet: create one with create-client <name>" : `${clients.length} clients and no default one: name one with --client <name|id> (list-clients shows them)`,
    );
  }
  if (isUuid(wanted)) {
    const byId = await getClient(db, wanted);
    if (byId) return byId;
  }
  const named = await findClientsByName(db, wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CommandError(`${named.length} clients are named "${wanted}": name one by its id (${named.map((client) => client.id).join(", ")})`);
  throw new CommandError(`no client ${isUuid(wanted) ? wanted : `named "${wanted}"`} (list-clients shows the clients; create-client prints a new one's id)`);
}

/** The way a printed command names a client: its name when no other client has it, else its id. */
export async function clientArgument(db: Kysely<Database>, client: ClientRecord): Promise<string> {
  if (client.isDefault) return "";
  const unique = (await findClientsByName(db, client.name)).length === 1 && /^[\w .-]{1,60}$/.test(client.name) && !isUuid(client.name);
  return ` --client ${unique ? (client.name.includes(" ") ? `"${client.name}"` : client.name) : client.id}`;
}

export const listClientsCommand: Command = {
  name: "list-clients",
  group: "Clients",
  synopsis: "list-clients",
  summary: "every client: id, name, creation date, how many API keys and allowed origins",
  details: "The default client is the one npm start seeded; commands use it when --client is left out.",
  parse(args) {
    readArguments("list-clients", args, {});
    return async (context) => {
      const rows = [["id", "name", "created", "API keys", "origins", ""]];
      for (const client of await listClients(context.db)) {
        const [keys, origins] = await Promise.all([countApiKeys(context.db, client.id), listCorsOrigins(context.db, client.id)]);
        rows.push([client.id, client.name, utcMinute(client.created), String(keys), String(origins.length), client.isDefault ? "(default)" : ""]);
      }
      if (rows.length === 1) print("No client yet: npm start seeds the default one; create-client <name> adds one.");
      else print(table(rows));
      return 0;
    };
  },
};

export const createClientCommand: Command = {
  name: "create-client",
  group: "Clients",
  synopsis: "create-client <name>",
  summary: "a new client (tenant) and its first API key, printed once as the LAST line",
  details: [
    "The name may have spaces (the rest of the line is the name). The output ends with the ready",
    "Authorization header, an export line, and the key itself alone on the last line:",
    "  KEY=$(npm run admin --silent -- create-client Acme Lending | tail -n 1)",
    "Next, allow the origin of the page that embeds the Connections UI (allow-origin).",
  ].join("\n"),
  parse(args) {
    if (args.some((arg) => arg.startsWith("--"))) throw new UsageError(`create-client: unexpected option ${args.find((arg) => arg.startsWith("--"))}`);
    const name = args.join(" ").trim();
    if (name.length === 0 || name.length > 200) throw new UsageError("create-client needs a name (1-200 characters)");
    return async (context) => {
      const { client, key } = await createClient(context, name);
      print(
        [
          `Created client "${client.name}" (${client.id}).`,
          "Next step: allow the origin of the page that embeds the Connections UI:",
          `  npm run admin -- allow-origin https://app.example.com${await clientArgument(context.db, client)}`,
          "Its first API key, shown this once (store it now; list-api-keys shows only key ids):",
          ...apiKeyLines(key),
          key,
        ].join("\n"),
      );
      return 0;
    };
  },
};
