// The client's allowed browser origins (CORS): the first step for a new client, since the
// Connections UI calls the API from the host application's pages and the browser lets it only
// from an origin on this list. The API's `POST /corsSettings` replaces the whole list; these add
// or remove one.
import { allowOrigin, disallowOrigin, MAX_ALLOWED_ORIGINS } from "../services/cors-settings.js";
import { listCorsOrigins } from "../storage/repositories/cors-origins.js";
import { CLIENT_OPTION_HELP, print, readArguments, type Command } from "./cli.js";
import { resolveClient } from "./clients.js";

const ORIGIN_HELP = "An origin is scheme://host[:port], no path: https://app.example.com, http://localhost:3000.";

export const allowOriginCommand: Command = {
  name: "allow-origin",
  group: "Allowed origins (CORS): the first step for a new client",
  synopsis: "allow-origin <origin> [--client <name|id>]",
  summary: "lets pages on <origin> call the API with a company's access token (the Connections UI)",
  details: [
    ORIGIN_HELP,
    `At most ${MAX_ALLOWED_ORIGINS} per client. Running servers follow within CACHE_TTL_MS (1 s by default).`,
    "  npm run admin -- allow-origin https://app.example.com",
    CLIENT_OPTION_HELP,
  ].join("\n"),
  parse(args) {
    const values = readArguments("allow-origin", args, { positionals: ["origin"], options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const { origin, added } = await allowOrigin(context, client.id, values.origin);
      print(
        added
          ? `Allowed ${origin} for client "${client.name}": the Connections UI on its pages may now call the API.`
          : `${origin} was already allowed for client "${client.name}": nothing changed.`,
      );
      return 0;
    };
  },
};

export const listOriginsCommand: Command = {
  name: "list-origins",
  group: "Allowed origins (CORS): the first step for a new client",
  synopsis: "list-origins [--client <name|id>]",
  summary: "the origins allowed for the client, one a line",
  details: ["The same list as GET /corsSettings with the client's API key.", CLIENT_OPTION_HELP].join("\n"),
  parse(args) {
    const values = readArguments("list-origins", args, { options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const origins = await listCorsOrigins(context.db, client.id);
      if (origins.length === 0) {
        print(`No origin is allowed for client "${client.name}": the Connections UI works nowhere yet. allow-origin <origin> adds one.`);
      } else {
        // Only the origins on standard output, one a line, so the list can be piped; the heading goes to stderr.
        process.stderr.write(`Origins allowed for client "${client.name}" (${client.id}):\n`);
        print(origins.join("\n"));
      }
      return 0;
    };
  },
};

export const removeOriginCommand: Command = {
  name: "remove-origin",
  group: "Allowed origins (CORS): the first step for a new client",
  synopsis: "remove-origin <origin> [--client <name|id>]",
  summary: "stops allowing <origin>",
  details: [ORIGIN_HELP, "Running servers follow within CACHE_TTL_MS (1 s by default).", CLIENT_OPTION_HELP].join("\n"),
  parse(args) {
    const values = readArguments("remove-origin", args, { positionals: ["origin"], options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const { origin, removed } = await disallowOrigin(context, client.id, values.origin);
      print(removed ? `Removed ${origin} from the origins of client "${client.name}".` : `${origin} was not allowed for client "${client.name}": nothing changed.`);
      return 0;
    };
  },
};
