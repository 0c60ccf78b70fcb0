// A client's platforms and its app credentials at each (docs/platforms.md). The client secret
// is read from a file or standard input, never from the command line, where `ps` and the
// shell's history would show it.
import { readFileSync } from "node:fs";
import type { CatalogueEntry } from "../catalogue/integrations.js";
import type { ServerContext } from "../context.js";
import { callbackUrl } from "../services/authorization.js";
import { deleteCredentials, findPlatform, getCredentials, listPlatforms, setCredentials } from "../services/platform-apps.js";
import { CLIENT_OPTION_HELP, CommandError, print, readArguments, table, UsageError, type Command } from "./cli.js";
import { resolveClient } from "./clients.js";

// The limits the API puts on the same values (http/schemas/platforms.ts): what the CLI writes,
// the API could have written.
const MAX_CLIENT_ID = 512;
const MAX_CLIENT_SECRET = 4096;
const MAX_SCOPES = 50;
const SCOPE = /^[^\s,]{1,200}$/;

const GROUP = "Platforms";

/** `a,b` → ["a", "b"]; absent → null (the platform's defaults); "" → [] (no scope). */
function parseScopes(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const scopes = raw
    .split(",")
    .map((scope) => scope.trim())
    .filter((scope) => scope !== "");
  if (scopes.length > MAX_SCOPES) throw new UsageError(`--scopes: at most ${MAX_SCOPES} scopes`);
  const bad = scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined) throw new UsageError(`--scopes: "${bad.slice(0, 40)}" is not a scope (1-200 characters, no spaces)`);
  return scopes;
}

/** The client secret: the file's content or standard input, without the line break that ends it. */
async function readClientSecret(file: string | undefined): Promise<string> {
  let raw: string;
  if (file !== undefined) {
    try {
      raw = readFileSync(file, "utf8");
    } catch (error) {
      throw new CommandError(`cannot read --client-secret-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    raw = process.stdin.isTTY ? await readHidden("Client secret (not shown; Enter ends it): ") : await readAll(process.stdin);
  }
  const secret = raw.replace(/[\r\n]+$/, "");
  if (secret === "") throw new CommandError(`no client secret ${file === undefined ? "on standard input" : `in ${file}`}`);
  if (secret.length > MAX_CLIENT_SECRET) throw new CommandError(`the client secret is longer than ${MAX_CLIENT_SECRET} characters`);
  if (/[\r\n]/.test(secret)) throw new CommandError("the client secret must be one line");
  return secret;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** One line typed at the terminal, not echoed. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (outcome: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      outcome();
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n" || character === "\u0004") return finish(() => resolve(typed));
        if (character === "\u0003") return finish(() => reject(new CommandError("canceled")));
        typed = character === "\u007f" || character === "\b" ? typed.slice(0, -1) : typed + character;
      }
    };
    stdin.on("data", onData);
  });
}

async function requirePlatform(context: ServerContext, clientId: string, key: string): Promise<CatalogueEntry> {
  const entry = await findPlatform(context, clientId, key);
  if (!entry) throw new CommandError(`no platform ${key} for this client (list-platforms shows the keys)`);
  return entry;
}

/** A secret passed as an argument is refused before anything else, so it is never used (nor stored). */
function refuseSecretArgument(args: string[]): void {
  if (args.some((arg) => /^--client-secret(=|$)/.test(arg))) {
    throw new UsageError(
      "the client secret is never taken from the command line (ps and the shell's history would show it): pipe it on standard input or name a file with --client-secret-file",
    );
  }
}

export const listPlatformsCommand: Command = {
  name: "list-platforms",
  group: GROUP,
  synopsis: "list-platforms [--client <name|id>]",
  summary: "each platform: key, name, whether it is enabled, the app's client id",
  details: CLIENT_OPTION_HELP,
  parse(args) {
    const values = readArguments("list-platforms", args, { options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const rows = [["key", "name", "enabled", "client id"]];
      for (const { entry, enabled } of await listPlatforms(context, client.id)) {
        const app = entry.oauth ? await getCredentials(context, client.id, entry.key) : undefined;
        rows.push([entry.key, entry.name, enabled ? "yes" : "no", entry.oauth ? (app?.oauthClientId ?? "-") : "(fixed credentials)"]);
      }
      print(`Platforms of client "${client.name}" (${client.id}):\n${table(rows)}`);
      return 0;
    };
  },
};

export const setPlatformCredentialsCommand: Command = {
  name: "set-platform-credentials",
  group: GROUP,
  synopsis: "set-platform-credentials --platform <key> --client-id <id> [--scopes a,b] [--client-secret-file <path>] [--client <name|id>]",
  summary: "the client's app at a platform; the secret from a file or standard input",
  details: [
    "The client secret is the file's content, else standard input (typed unseen at a terminal);",
    'never an argument. --scopes replaces the platform\'s default scopes ("" requests none).',
    "  npm run admin -- set-platform-credentials --platform gbol --client-id XERO_ID < xero-secret.txt",
    "Prints the callback URL to register with the app at the platform.",
    CLIENT_OPTION_HELP,
  ].join("\n"),
  parse(args) {
    refuseSecretArgument(args);
    const values = readArguments("set-platform-credentials", args, {
      options: ["client", "platform", "client-id", "scopes", "client-secret-file"],
      required: ["platform", "client-id"],
    });
    const oauthClientId = values["client-id"].trim();
    if (oauthClientId.length > MAX_CLIENT_ID) throw new UsageError(`--client-id: at most ${MAX_CLIENT_ID} characters`);
    const scopes = parseScopes(values.scopes);
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const entry = await requirePlatform(context, client.id, values.platform);
      if (!entry.oauth) throw new CommandError(`${entry.name} (${entry.key}) connects with fixed credentials and needs no app.`);
      const clientSecret = await readClientSecret(values["client-secret-file"]);
      const record = await setCredentials(context, client.id, entry, { clientId: oauthClientId, clientSecret, scopes });
      print(
        `Set the app credentials of ${entry.name} (${entry.key}) for client "${client.name}": client id ${record.oauthClientId}, ` +
          `scopes ${record.scopes === null ? `the platform's defaults (${entry.oauth.scopes.join(" ") || "none"})` : record.scopes.join(" ") || "none"}.\n` +
          `Register this callback URL with the app at ${entry.name}: ${callbackUrl(context.config.publicUrl)}`,
      );
      return 0;
    };
  },
};

export const deletePlatformCredentialsCommand: Command = {
  name: "delete-platform-credentials",
  group: GROUP,
  synopsis: "delete-platform-credentials --platform <key> [--client <name|id>]",
  summary: "removes the client's app at a platform: it is no longer offered",
  details: ["Existing connections keep their grants; without the app they cannot be revoked at the platform when unlinked.", CLIENT_OPTION_HELP].join("\n"),
  parse(args) {
    const values = readArguments("delete-platform-credentials", args, { options: ["client", "platform"], required: ["platform"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const entry = await requirePlatform(context, client.id, values.platform);
      if (!(await deleteCredentials(context, client.id, entry.key))) throw new CommandError(`no app credentials are set for ${entry.name} (${entry.key})`);
      print(
        `Deleted the app credentials of ${entry.name} (${entry.key}) for client "${client.name}": it is no longer offered.\n` +
          `Existing connections keep their grants; without the app they cannot be revoked at ${entry.name} when unlinked.`,
      );
      return 0;
    };
  },
};
