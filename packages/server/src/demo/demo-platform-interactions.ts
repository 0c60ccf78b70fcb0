// The demo platform's sign-in and consent (oidc-provider "interactions"), replacing the
// library's development pages, which list scopes and nothing of who asks: this consent page
// names the application that will read the books and whose books they are.
//   GET  {mount}/interaction/{uid}         the sign-in or the consent page, as the prompt needs
//   POST {mount}/interaction/{uid}         prompt=login (login, password) or prompt=consent
//   GET  {mount}/interaction/{uid}/abort   Cancel: the platform answers access_denied
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Kysely } from "kysely";
import type { default as ProviderType } from "oidc-provider";
import { findDefaultClient } from "../storage/repositories/clients.js";
import type { Database } from "../storage/schema.js";
import { sendConsentPage, sendInteractionErrorPage, sendSignInPage } from "./demo-platform-pages.js";

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/abort)?$/;
/** The pages' forms are a few hundred bytes. */
const FORM_LIMIT = 4096;
const MAX_ACCOUNT_LENGTH = 128;

/** The company an account's books belong to, at the demo platform (its API says the same). */
export const demoCompanyName = (account: string): string => `${account}'s demo books`;

/** Whether `path` (below the mount) is one of these pages. */
export const isInteractionPath = (path: string): boolean => INTERACTION.test(path.split("?")[0] ?? "");

export interface InteractionPages {
  provider: ProviderType;
  db: Kysely<Database>;
  /** The mount as the browser sees it (PUBLIC_URL's path and DEMO_PLATFORM_PATH). */
  mountPath: string;
}

/** The form fields of a urlencoded body, read up to FORM_LIMIT bytes (undefined past it). */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The application asking: the client the demo platform belongs to (the default client, see services/demo-platform.ts). */
async function applicationName(db: Kysely<Database>): Promise<string> {
  return (await findDefaultClient(db))?.name ?? "The application";
}

/** Answers one interaction request; `path` is below the mount. A stale or unknown interaction gets the expired page. */
export async function handleInteraction(pages: InteractionPages, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { provider, db, mountPath } = pages;
  const [, uid, abort] = INTERACTION.exec(path.split("?")[0] ?? "") ?? [];
  let details: Awaited<ReturnType<ProviderType["interactionDetails"]>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return sendInteractionErrorPage(res, 400);
  }
  // Another tab's interaction: this page's own is gone.
  if (details.uid !== uid) return sendInteractionErrorPage(res, 400);
  const submitPath = `${mountPath}/interaction/${details.uid}`;
  const abortPath = `${submitPath}/abort`;

  if (abort) {
    if (req.method !== "GET") return sendInteractionErrorPage(res, 405);
    return provider.interactionFinished(req, res, { error: "access_denied", error_description: "The person canceled at the platform" }, { mergeWithLastSubmission: false });
  }

  if (req.method === "GET") {
    const name = await applicationName(db);
    if (details.prompt.name === "login") return sendSignInPage(res, { submitPath, abortPath, applicationName: name });
    const account = details.session?.accountId ?? "";
    return sendConsentPage(res, { submitPath, abortPath, applicationName: name, companyName: demoCompanyName(account), account });
  }
  if (req.method !== "POST") return sendInteractionErrorPage(res, 405);

  const form = await readForm(req);
  const prompt = form?.get("prompt");
  if (!form || prompt !== details.prompt.name) return sendInteractionErrorPage(res, 400);
  if (prompt === "login") {
    const login = (form.get("login") ?? "").trim();
    // Kept as the connection's identity (demo-platform.ts ACCOUNT_PATTERN): printable, at most 128.
    if (login === "" || login.length > MAX_ACCOUNT_LENGTH || [...login].some((c) => c < " " || c === "\u007f") || !form.get("password")) {
      return sendSignInPage(res, { submitPath, abortPath, applicationName: await applicationName(db), login: login.slice(0, MAX_ACCOUNT_LENGTH) });
    }
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  // Consent: a grant of exactly what the client asked for (as oidc-provider's development pages grant it).
  const { prompt: asked, grantId, session, params } = details;
  const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session?.accountId ?? "", clientId: String(params.client_id) });
  if (!grant) return sendInteractionErrorPage(res, 400);
  const missing = asked.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}
