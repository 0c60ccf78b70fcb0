// Operator commands, run against the same DATABASE_URL / data folder / SIGNING_KEY_SECRET (and
// PUBLIC_URL, for the callback URL they print) as the server:
//   npm run admin -- create-client <name>   creates a client; its first API key is the LAST line
//   npm run admin -- rotate-signing-key     new active signing key; the old one stays published
//                                           until its last token expired (24 h + margin)
//   npm run admin -- list-platforms --client <id>
//                                           each platform: key, name, enabled, the app's client id
//                                           (`--client default`: the client `npm start` seeded)
//   npm run admin -- set-platform-credentials --client <id> --platform <key> --client-id <id>
//                      [--scopes a,b] [--client-secret-file <path>]
//                                           the client's app at a platform; the secret is read from
//                                           the file or standard input, never from the command
//                                           line (where `ps` and shell history would show it)
//   npm run admin -- delete-platform-credentials --client <id> --platform <key>
//   npm run admin -- reseal                 rewrites every sealed secret under the current
//                                           SIGNING_KEY_SECRET (docs/platforms.md, "Secrets")
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import type { CatalogueEntry } from "./catalogue/integrations.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createServerContext, type ServerContext } from "./context.js";
import { revocationAssociatedData } from "./oauth/revocation.js";
import { callbackUrl } from "./services/authorization.js";
import { createClient } from "./services/clients.js";
import { deleteCredentials, findPlatform, getCredentials, listPlatforms, secretAssociatedData, setCredentials } from "./services/platform-apps.js";
import { openDatabase } from "./storage/dialect.js";
import { migrateToLatest } from "./storage/migrate.js";
import { findDefaultClient } from "./storage/repositories/clients.js";
import { credentialsAssociatedData } from "./storage/repositories/connection-credentials.js";
import { listSealedPlatformSecrets } from "./storage/repositories/platform-apps.js";
import type { Database } from "./storage/schema.js";
import { PUBLISH_AFTER_ROTATION_MS } from "./tokens/signing-key-ring.js";
import { webhookDb } from "./webhooks/schema.js";

const USAGE = `usage: admin create-client <name>
       admin rotate-signing-key
       admin list-platforms --client <id>
       admin set-platform-credentials --client <id> --platform <key> --client-id <id> [--scopes a,b] [--client-secret-file <path>]
             (the client secret: the file's content, else standard input; --scopes "" requests none)
       admin delete-platform-credentials --client <id> --platform <key>
       admin reseal
--client takes a client's id (create-client prints it) or "default", the client npm start seeded.`;

/** A command line that cannot be run (exit 64, with the usage). */
class UsageError extends Error {}
/** A command that ran into something the operator must fix (exit 1, the message only). */
class CommandError extends Error {}

// The limits the API puts on the same values (http/schemas/platforms.ts): what the CLI writes,
// the API could have written.
const MAX_CLIENT_ID = 512;
const MAX_CLIENT_SECRET = 4096;
const MAX_SCOPES = 50;
const SCOPE = /^[^\s,]{1,200}$/;

/** The named options of a command; any other option, or a positional argument, is a usage error. */
function options<R extends string, O extends string>(args: string[], required: readonly R[], optional: readonly O[] = []): Record<R, string> & Partial<Record<O, string>> {
  if (args.some((arg) => /^--client-secret(=|$)/.test(arg))) {
    throw new UsageError(
      "the client secret is never taken from the command line (ps and the shell's history would show it): pipe it on standard input or name a file with --client-secret-file",
    );
  }
  let values: Record<string, string | undefined>;
  try {
    const names = [...required, ...optional];
    values = parseArgs({ args, options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])), strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  for (const name of required) if (!values[name]?.trim()) throw new UsageError(`--${name} is required`);
  return values as Record<R, string> & Partial<Record<O, string>>;
}

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
        if (character === "\u0003") return finish(() => reject(new CommandError("cancelled")));
        typed = character === "\u007f" || character === "\b" ? typed.slice(0, -1) : typed + character;
      }
    };
    stdin.on("data", onData);
  });
}

/** The client `--client` names: its id, or `default` for the one `npm start` seeded. */
async function requireClient(db: Kysely<Database>, id: string): Promise<{ id: string; name: string }> {
  const client = id === "default" ? await findDefaultClient(db) : await db.selectFrom("clients").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
  if (!client) throw new CommandError(id === "default" ? "no default client (npm start seeds it)" : `no client ${id} (create-client prints a client's id)`);
  return client;
}

async function requirePlatform(context: ServerContext, clientId: string, key: string): Promise<CatalogueEntry> {
  const entry = await findPlatform(context, clientId, key);
  if (!entry) throw new CommandError(`no platform ${key} for this client (list-platforms shows the keys)`);
  return entry;
}

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 2))).join("").trimEnd()).join("\n");
};

async function listPlatformsCommand(context: ServerContext, values: { client: string }): Promise<void> {
  const client = await requireClient(context.db, values.client);
  const rows = [["key", "name", "enabled", "client id"]];
  for (const { entry, enabled } of await listPlatforms(context, client.id)) {
    const app = entry.oauth ? await getCredentials(context, client.id, entry.key) : undefined;
    rows.push([entry.key, entry.name, enabled ? "yes" : "no", entry.oauth ? (app?.oauthClientId ?? "-") : "(fixed credentials)"]);
  }
  process.stdout.write(`Platforms of client "${client.name}" (${client.id}):\n${table(rows)}\n`);
}

function setPlatformCredentialsOptions(args: string[]) {
  const values = options(args, ["client", "platform", "client-id"], ["scopes", "client-secret-file"]);
  const oauthClientId = values["client-id"].trim();
  if (oauthClientId.length > MAX_CLIENT_ID) throw new UsageError(`--client-id: at most ${MAX_CLIENT_ID} characters`);
  return { client: values.client, platform: values.platform, oauthClientId, scopes: parseScopes(values.scopes), secretFile: values["client-secret-file"] };
}

async function setPlatformCredentialsCommand(context: ServerContext, values: ReturnType<typeof setPlatformCredentialsOptions>): Promise<void> {
  const { oauthClientId, scopes } = values;
  const client = await requireClient(context.db, values.client);
  const entry = await requirePlatform(context, client.id, values.platform);
  if (!entry.oauth) throw new CommandError(`${entry.name} (${entry.key}) connects with fixed credentials and needs no app.`);
  const clientSecret = await readClientSecret(values.secretFile);
  const record = await setCredentials(context, client.id, entry, { clientId: oauthClientId, clientSecret, scopes });
  process.stdout.write(
    `Set the app credentials of ${entry.name} (${entry.key}) for client "${client.name}": client id ${record.oauthClientId}, ` +
      `scopes ${record.scopes === null ? `the platform's defaults (${entry.oauth.scopes.join(" ") || "none"})` : record.scopes.join(" ") || "none"}.\n` +
      `Register this callback URL with the app at ${entry.name}: ${callbackUrl(context.config.publicUrl)}\n`,
  );
}

async function deletePlatformCredentialsCommand(context: ServerContext, values: { client: string; platform: string }): Promise<void> {
  const client = await requireClient(context.db, values.client);
  const entry = await requirePlatform(context, client.id, values.platform);
  if (!(await deleteCredentials(context, client.id, entry.key))) throw new CommandError(`no app credentials are set for ${entry.name} (${entry.key})`);
  process.stdout.write(
    `Deleted the app credentials of ${entry.name} (${entry.key}) for client "${client.name}": it is no longer offered.\n` +
      `Existing connections keep their grants; without the app they cannot be revoked at ${entry.name} when unlinked.\n`,
  );
}

/** One sealed value where it is stored: swap replaces it only if it is still `sealed`. */
interface SealedValue {
  where: string;
  sealed: string;
  associatedData?: string;
  swap(next: string): Promise<boolean>;
}

interface SealedKind {
  name: string;
  list(db: Kysely<Database>): Promise<SealedValue[]>;
}

/**
 * Every place the server keeps a value sealed by its SecretBox, with the associated data it was
 * sealed with. A swap is a compare-and-set, so a value a running server replaced meanwhile (a
 * refreshed token, new app credentials) is never overwritten with the older one.
 */
const SEALED_KINDS: SealedKind[] = [
  {
    name: "signing keys",
    list: async (db) =>
      (await db.selectFrom("signing_keys").select(["kid", "private_key_encrypted"]).execute()).map((row) => ({
        where: `signing key ${row.kid}`,
        sealed: row.private_key_encrypted,
        swap: async (next) =>
          changed(
            await db.updateTable("signing_keys").set({ private_key_encrypted: next }).where("kid", "=", row.kid).where("private_key_encrypted", "=", row.private_key_encrypted).executeTakeFirst(),
          ),
      })),
  },
  {
    name: "webhook consumer secrets",
    list: async (base) => {
      const db = webhookDb(base);
      return (await db.selectFrom("webhook_consumers").select(["id", "secret"]).execute()).map((row) => ({
        where: `webhook consumer ${row.id}`,
        sealed: row.secret,
        swap: async (next) => changed(await db.updateTable("webhook_consumers").set({ secret: next }).where("id", "=", row.id).where("secret", "=", row.secret).executeTakeFirst()),
      }));
    },
  },
  {
    name: "platform app secrets",
    list: async (db) =>
      (await listSealedPlatformSecrets(db)).map((app) => ({
        where: `app of client ${app.clientId} at ${app.platformKey}`,
        sealed: app.sealed,
        associatedData: secretAssociatedData(app.clientId, app.platformKey),
        swap: async (next) =>
          changed(
            await db
              .updateTable("platform_apps")
              .set({ client_secret_sealed: next })
              .where("client_id", "=", app.clientId)
              .where("platform_key", "=", app.platformKey)
              .where("client_secret_sealed", "=", app.sealed)
              .executeTakeFirst(),
          ),
      })),
  },
  {
    name: "connection tokens",
    list: async (db) => {
      const rows = await db.selectFrom("connection_credentials").select(["connection_id", "access_token_sealed", "refresh_token_sealed"]).execute();
      return rows.flatMap((row) => [
        {
          where: `access token of connection ${row.connection_id}`,
          sealed: row.access_token_sealed,
          associatedData: credentialsAssociatedData(row.connection_id, "access"),
          swap: async (next: string) =>
            changed(
              await db
                .updateTable("connection_credentials")
                .set({ access_token_sealed: next })
                .where("connection_id", "=", row.connection_id)
                .where("access_token_sealed", "=", row.access_token_sealed)
                .executeTakeFirst(),
            ),
        },
        ...(row.refresh_token_sealed === null
          ? []
          : [
              {
                where: `refresh token of connection ${row.connection_id}`,
                sealed: row.refresh_token_sealed,
                associatedData: credentialsAssociatedData(row.connection_id, "refresh"),
                swap: async (next: string) =>
                  changed(
                    await db
                      .updateTable("connection_credentials")
                      .set({ refresh_token_sealed: next })
                      .where("connection_id", "=", row.connection_id)
                      .where("refresh_token_sealed", "=", row.refresh_token_sealed)
                      .executeTakeFirst(),
                  ),
              },
            ]),
      ]);
    },
  },
  {
    name: "queued revocations",
    list: async (db) =>
      (await db.selectFrom("revocations").select(["id", "request_sealed"]).where("request_sealed", "is not", null).execute()).map((row) => ({
        where: `revocation ${row.id}`,
        sealed: row.request_sealed!,
        associatedData: revocationAssociatedData(row.id),
        swap: async (next) =>
          changed(await db.updateTable("revocations").set({ request_sealed: next }).where("id", "=", row.id).where("request_sealed", "=", row.request_sealed).executeTakeFirst()),
      })),
  },
  {
    name: "authorisations in progress (PKCE verifiers)",
    list: async (db) =>
      (await db.selectFrom("oauth_flows").select(["state_hash", "code_verifier_sealed"]).where("code_verifier_sealed", "is not", null).execute()).map((row) => ({
        where: `authorisation flow ${row.state_hash.slice(0, 8)}…`,
        sealed: row.code_verifier_sealed!,
        associatedData: `oauth-flow:${row.state_hash}`,
        swap: async (next) =>
          changed(
            await db
              .updateTable("oauth_flows")
              .set({ code_verifier_sealed: next })
              .where("state_hash", "=", row.state_hash)
              .where("code_verifier_sealed", "=", row.code_verifier_sealed)
              .executeTakeFirst(),
          ),
      })),
  },
];

const changed = (result: { numUpdatedRows: bigint }): boolean => Number(result.numUpdatedRows) > 0;

/** Rewrites every stale sealed value under the current key; prints counts; false when some did not open. */
async function resealCommand(context: ServerContext): Promise<boolean> {
  const box = context.secretBox;
  const totals = { resealed: 0, current: 0, replaced: 0, failed: 0 };
  const lines: string[][] = [["", "resealed", "already current", "replaced meanwhile", "do not open"]];
  const failures: string[] = [];
  for (const kind of SEALED_KINDS) {
    const counts = { resealed: 0, current: 0, replaced: 0, failed: 0 };
    for (const value of await kind.list(context.db)) {
      if (!box.isStale(value.sealed)) {
        counts.current++;
        continue;
      }
      let plain: Buffer;
      try {
        plain = box.open(value.sealed, value.associatedData);
      } catch (error) {
        counts.failed++;
        failures.push(`${value.where}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      // Not swapped: a running server wrote a newer value meanwhile, sealed under its current key.
      if (await value.swap(box.seal(plain, value.associatedData))) counts.resealed++;
      else counts.replaced++;
      plain.fill(0);
    }
    lines.push([kind.name, ...[counts.resealed, counts.current, counts.replaced, counts.failed].map(String)]);
    for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += counts[key];
  }
  process.stdout.write(
    `Sealed values under key ${box.keyId} (${context.config.signingKeySecret ? "SIGNING_KEY_SECRET" : "the secret generated into DATA_DIR"}):\n${table(lines)}\n` +
      `${totals.resealed} resealed, ${totals.current} already current, ${totals.replaced} replaced meanwhile, ${totals.failed} do not open.\n`,
  );
  if (failures.length > 0) {
    process.stderr.write(
      `${failures.map((line) => `  ${line}`).join("\n")}\n` +
        "These values were left as they are: add the secret that sealed them to SIGNING_KEY_SECRET_PREVIOUS and run reseal again.\n",
    );
    return false;
  }
  process.stdout.write(
    "Once every node runs with this SIGNING_KEY_SECRET and reseal has found nothing stale, SIGNING_KEY_SECRET_PREVIOUS can be removed.\n",
  );
  return true;
}

/** A checked command line, ready to run; `config` is the server's (the context's has no cache). */
type Command = (context: ServerContext, config: Config) => Promise<number>;

/** Checks a command line (before anything is opened) and returns what runs it. */
function parseCommand(args: string[]): Command {
  const [command, ...rest] = args;
  switch (command) {
    case "create-client": {
      const name = rest.join(" ").trim();
      if (name.length === 0 || name.length > 200) throw new UsageError("create-client needs a name (1-200 characters)");
      return async (context) => {
        const { client, key } = await createClient(context, name);
        process.stdout.write(`Created client "${client.name}" (${client.id}).\nIts API key (shown once):\n${key}\n`);
        return 0;
      };
    }
    case "rotate-signing-key":
      if (rest.length > 0) throw new UsageError("rotate-signing-key takes no arguments");
      return async (context, config) => {
        const { kid, retiredKeys } = await context.keyRing.rotate();
        const hours = Math.round(PUBLISH_AFTER_ROTATION_MS / 36e5);
        process.stdout.write(
          `New active signing key ${kid}; running servers switch within ${config.cacheTtlMs} ms.\n` +
            `The previous key stays in /.well-known/jwks.json for about ${hours} h; ${retiredKeys} expired key(s) removed.\n`,
        );
        return 0;
      };
    case "list-platforms": {
      const values = options(rest, ["client"]);
      return async (context) => (await listPlatformsCommand(context, values), 0);
    }
    case "set-platform-credentials": {
      const values = setPlatformCredentialsOptions(rest);
      return async (context) => (await setPlatformCredentialsCommand(context, values), 0);
    }
    case "delete-platform-credentials": {
      const values = options(rest, ["client", "platform"]);
      return async (context) => (await deletePlatformCredentialsCommand(context, values), 0);
    }
    case "reseal":
      if (rest.length > 0) throw new UsageError("reseal takes no arguments");
      return async (context) => ((await resealCommand(context)) ? 0 : 1);
    default:
      throw new UsageError(command === undefined ? "no command" : `unknown command ${command}`);
  }
}

async function run(args: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 64;
  }
  const config = loadConfig();
  const { db } = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    // No cache: a command reads what is in the database now.
    const context = createServerContext({ config: { ...config, cacheTtlMs: 0 }, db, clock: () => new Date() });
    return await command(context, config);
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A CommandError, or a service's ApiError, says what to fix.
    process.stderr.write(`${error instanceof ConfigError ? "configuration error: " : ""}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
