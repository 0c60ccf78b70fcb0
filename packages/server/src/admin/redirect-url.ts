// The client's redirect URL (the contract's Profile `redirectUrl`): the company link page and the
// pages that end an authorization offer a way back to the client's own application there.
import { COMPANY_ID_PLACEHOLDER, setRedirectUrl } from "../services/clients.js";
import { CLIENT_OPTION_HELP, print, readArguments, type Command } from "./cli.js";
import { resolveClient } from "./clients.js";

export const setRedirectUrlCommand: Command = {
  name: "set-redirect-url",
  group: "Company link page",
  synopsis: "set-redirect-url <url|none> [--client <name|id>]",
  summary: "where the link page and the authorization pages send a company's owner back to",
  details: [
    `An absolute http(s) URL of your application; ${COMPANY_ID_PLACEHOLDER} is replaced by the company's id.`,
    "`none` removes it (the pages then tell the owner to close the window).",
    "  npm run admin -- set-redirect-url 'https://app.example.com/companies/{companyId}/connections'",
    CLIENT_OPTION_HELP,
  ].join("\n"),
  parse(args) {
    const values = readArguments("set-redirect-url", args, { positionals: ["url"], options: ["client"] });
    return async (context) => {
      const client = await resolveClient(context.db, values.client);
      const url = values.url.trim() === "none" ? null : values.url;
      const stored = await setRedirectUrl(context, client.id, url);
      print(
        stored === null
          ? `Removed the redirect URL of client "${client.name}".`
          : `Set the redirect URL of client "${client.name}": ${stored}\nThe link page and the authorization pages now offer "Return to ${client.name}".`,
      );
      return 0;
    };
  },
};
