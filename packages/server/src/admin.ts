// Operator commands, run against the same DATABASE_URL / data folder / SIGNING_KEY_SECRET as the
// server:
//   npm run admin -- create-client <name>   creates a client; its first API key is the LAST line
//   npm run admin -- rotate-signing-key     new active signing key; the old one stays published
//                                           until its last token expired (24 h + margin)
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./storage/dialect.js";
import { migrateToLatest } from "./storage/migrate.js";
import { createServerContext } from "./context.js";
import { createClient } from "./services/clients.js";
import { PUBLISH_AFTER_ROTATION_MS } from "./tokens/signing-key-ring.js";

const USAGE = "usage: admin create-client <name> | admin rotate-signing-key";

async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== "create-client" && command !== "rotate-signing-key") {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const name = rest.join(" ").trim();
  if (command === "create-client" && (name.length === 0 || name.length > 200)) {
    process.stderr.write(`create-client needs a name (1-200 characters)\n${USAGE}\n`);
    return 64;
  }
  const config = loadConfig();
  const { db } = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    // No cache: a command reads what is in the database now.
    const context = createServerContext({ config: { ...config, cacheTtlMs: 0 }, db, clock: () => new Date() });
    if (command === "create-client") {
      const { client, key } = await createClient(context, name);
      process.stdout.write(`Created client "${client.name}" (${client.id}).\nIts API key (shown once):\n${key}\n`);
      return 0;
    }
    const { kid, retiredKeys } = await context.keyRing.rotate();
    const hours = Math.round(PUBLISH_AFTER_ROTATION_MS / 36e5);
    process.stdout.write(
      `New active signing key ${kid}; running servers switch within ${config.cacheTtlMs} ms.\n` +
        `The previous key stays in /.well-known/jwks.json for about ${hours} h; ${retiredKeys} expired key(s) removed.\n`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? "configuration error: " : ""}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
