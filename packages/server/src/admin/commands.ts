// Every admin command, in the order the help lists them, and the help itself.
import { createApiKeyCommand, listApiKeysCommand, revokeApiKeyCommand } from "./api-keys.js";
import { CLIENT_OPTION_HELP, type Command } from "./cli.js";
import { createClientCommand, listClientsCommand } from "./clients.js";
import { allowOriginCommand, listOriginsCommand, removeOriginCommand } from "./origins.js";
import { deletePlatformCredentialsCommand, listPlatformsCommand, setPlatformCredentialsCommand } from "./platforms.js";
import { setRedirectUrlCommand } from "./redirect-url.js";
import { resealCommand, rotateSigningKeyCommand } from "./secrets.js";

export const COMMANDS: readonly Command[] = [
  listClientsCommand,
  createClientCommand,
  allowOriginCommand,
  listOriginsCommand,
  removeOriginCommand,
  createApiKeyCommand,
  listApiKeysCommand,
  revokeApiKeyCommand,
  setRedirectUrlCommand,
  listPlatformsCommand,
  setPlatformCredentialsCommand,
  deletePlatformCredentialsCommand,
  rotateSigningKeyCommand,
  resealCommand,
];

export const findCommand = (name: string): Command | undefined => COMMANDS.find((command) => command.name === name);

/** `npm run admin -- --help`: every command by group, one line each. */
export function generalHelp(): string {
  const lines = [
    "usage: npm run admin -- <command> [arguments]",
    "       (the built CLI: node packages/server/dist/admin.js <command> [arguments])",
    "",
    "It works on the server's own database: run it with the server's environment (DATABASE_URL,",
    "DATA_DIR, SIGNING_KEY_SECRET, PUBLIC_URL), from the same folder. Servers may be running.",
  ];
  let group = "";
  for (const command of COMMANDS) {
    if (command.group !== group) {
      group = command.group;
      lines.push("", `${group}:`);
    }
    lines.push(`  ${command.synopsis}`, `      ${command.summary}`);
  }
  lines.push(
    "",
    CLIENT_OPTION_HELP,
    "npm run admin -- <command> --help (or help <command>) explains one command.",
    "Exit codes: 0 done, 1 refused or failed (the message says why), 64 a wrong command line, 78 a wrong configuration.",
  );
  return lines.join("\n");
}

/** `npm run admin -- <command> --help`. */
export function commandHelp(command: Command): string {
  return [`usage: npm run admin -- ${command.synopsis}`, "", `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`, command.details].join("\n");
}
