// What every admin command shares: how a command is described (its help), how its arguments
// are read, the two kinds of failure and their exit codes, and output ready to paste.
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import type { ServerContext } from "../context.js";

/** A command line that cannot be run: exit 64 (EX_USAGE), with the command's usage on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A command that ran into something the operator must fix: exit 1, the message only. */
export class CommandError extends Error {
  override name = "CommandError";
}

/** A checked command line, ready to run; `config` is the server's (the context's has no cache). Resolves with the exit code. */
export type Run = (context: ServerContext, config: Config) => Promise<number>;

export interface Command {
  name: string;
  /** The heading it is listed under in the general help. */
  group: string;
  /** `allow-origin <origin> [--client <name|id>]` */
  synopsis: string;
  /** One line for the general help. */
  summary: string;
  /** The rest of `admin <command> --help`: details and an example. */
  details: string;
  /** Checks the arguments before anything is opened (throws UsageError) and returns what runs the command. */
  parse(args: string[]): Run;
}

export const CLIENT_OPTION_HELP =
  "--client takes a client's name or id (list-clients shows them); without it, the default client (the one npm start seeded), or the only client there is.";

/** The options a command takes: each a string, all optional unless listed in `required`. */
export interface ArgumentSpec<P extends string, O extends string, R extends O> {
  /** Positional arguments, in order, each required. */
  positionals?: readonly P[];
  options?: readonly O[];
  required?: readonly R[];
}

/**
 * A command's arguments by name; an unknown option, a missing one or an extra positional is a
 * UsageError naming it. Options are `--name value` or `--name=value`.
 */
export function readArguments<P extends string = never, O extends string = never, R extends O = never>(
  command: string,
  args: string[],
  spec: ArgumentSpec<P, O, R>,
): Record<P, string> & Record<R, string> & Partial<Record<O, string>> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries((spec.options ?? []).map((name) => [name, { type: "string" as const }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, "") : String(error)}`);
  }
  const positionals = spec.positionals ?? [];
  if (parsed.positionals.length < positionals.length) throw new UsageError(`${command} needs ${positionals.slice(parsed.positionals.length).map((name) => `<${name}>`).join(" ")}`);
  if (parsed.positionals.length > positionals.length) throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals.length]}"`);
  const values: Record<string, string> = {};
  positionals.forEach((name, index) => (values[name] = parsed.positionals[index]!));
  for (const [name, value] of Object.entries(parsed.values)) if (typeof value === "string") values[name] = value;
  for (const name of spec.required ?? []) if (!values[name]?.trim()) throw new UsageError(`${command}: --${name} is required`);
  return values as Record<P, string> & Record<R, string> & Partial<Record<O, string>>;
}

/** Rows as aligned columns (the last one unpadded), the first row being the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 2))).join("").trimEnd()).join("\n");
}

/** `2025-11-30T10:39:12.345Z` → `2025-11-30 10:39 UTC`: readable, and the same on every machine. */
export function utcMinute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The lines that put a new API key to use, ready to paste into a shell or an HTTP client. */
export function apiKeyLines(key: string): string[] {
  const header = `Basic ${Buffer.from(key).toString("base64")}`;
  return [`  Authorization: ${header}`, `  export CODAT_AUTH_HEADER="${header}"`];
}

export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
