// The operator's CLI, `npm run admin -- <command>`: clients, their API keys, allowed origins,
// redirect URL and platform apps, the token signing key and the sealed secrets. It runs against
// the same DATABASE_URL / data folder / SIGNING_KEY_SECRET (and PUBLIC_URL, for the URLs it
// prints) as the server; `npm run admin -- --help` lists the commands (admin/commands.ts), each
// of which lives in admin/ with its own help.
//   exit 0   done (help included)
//   exit 1   refused or failed: one line saying why (an unknown client, a bad origin, ...)
//   exit 64  a command line that cannot be run: the usage on stderr
//   exit 78  the configuration (the environment) is wrong
import { CommandError, UsageError, type Run } from "./admin/cli.js";
import { commandHelp, findCommand, generalHelp } from "./admin/commands.js";
import { CONFIG_EXIT_CODE, ConfigError, loadConfig } from "./config.js";
import { createServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { openDatabase } from "./storage/dialect.js";
import { setupError, StartError } from "./start-errors.js";
import { migrateToLatest } from "./storage/migrate.js";

const USAGE_EXIT_CODE = 64;
const HELP = new Set(["--help", "-h", "help"]);

/** What the command line asks for: help to print, or a checked command to run. */
function parse(args: string[]): { help: string } | { run: Run } {
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError("no command");
  if (HELP.has(name)) {
    if (rest.length === 0) return { help: generalHelp() };
    const command = findCommand(rest[0]!);
    if (!command) throw new UsageError(`unknown command ${rest[0]}`);
    return { help: commandHelp(command) };
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command ${name}`);
  if (rest.includes("--help") || rest.includes("-h")) return { help: commandHelp(command) };
  try {
    return { run: command.parse(rest) };
  } catch (error) {
    // The command's own usage, rather than every command's.
    if (error instanceof UsageError) throw new UsageError(`${error.message}\n${commandHelp(command)}`);
    throw error;
  }
}

async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const usage = error.message.includes("\nusage:") ? "" : `\n${generalHelp()}`;
    process.stderr.write(`${error.message}${usage}\n`);
    return USAGE_EXIT_CODE;
  }
  if ("help" in parsed) {
    process.stdout.write(`${parsed.help}\n`);
    return 0;
  }
  const config = loadConfig();
  let db: ReturnType<typeof openDatabase>["db"];
  try {
    ({ db } = openDatabase(config.databaseUrl));
  } catch (error) {
    throw setupError(error, config);
  }
  try {
    await migrateToLatest(db).catch((error: unknown) => Promise.reject(setupError(error, config)));
    // No cache: a command reads what is in the database now.
    const context = createServerContext({ config: { ...config, cacheTtlMs: 0 }, db, clock: () => new Date() });
    return await parsed.run(context, config);
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(CONFIG_EXIT_CODE);
    }
    // A CommandError, a service's ApiError (a refused value, a limit) or an unreachable database says what to fix.
    if (error instanceof CommandError || error instanceof ApiError || error instanceof StartError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
