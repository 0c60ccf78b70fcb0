// Clients (tenants) are created by the operator (the admin CLI), each with its first API key,
// in one transaction: a client without a key could never be used. Their redirect URL (the
// contract's Profile `redirectUrl`) is where the pages send a company's owner back to.
import type { ServerContext } from "../context.js";
import { badRequest, notFound } from "../errors.js";
import { createApiKey } from "../storage/repositories/api-keys.js";
import { createClient as insertClient, setClientRedirectUrl, type ClientRecord } from "../storage/repositories/clients.js";

export async function createClient(context: ServerContext, name: string): Promise<{ client: ClientRecord; key: string }> {
  const now = context.clock();
  return context.db.transaction().execute(async (trx) => {
    const client = await insertClient(trx, { name, now });
    const { key } = await createApiKey(trx, client.id, { name: "first key", now });
    return { client, key };
  });
}

/** The one placeholder a redirect URL may hold, filled with the company's id. */
export const COMPANY_ID_PLACEHOLDER = "{companyId}";
const MAX_REDIRECT_URL_LENGTH = 2048;

/**
 * The redirect URL as it will be stored, or a 400 saying why not: an absolute http(s) URL
 * without a user name or password (browsers are sent there), whose only placeholder is
 * {companyId}. Checked with the placeholder filled, as it will be used.
 */
export function checkRedirectUrl(value: string): string {
  const url = value.trim();
  const problem = (why: string) => badRequest(`The redirect URL ${why}, got "${url.slice(0, 200)}"`);
  if (url.length === 0 || url.length > MAX_REDIRECT_URL_LENGTH) throw problem(`must be 1-${MAX_REDIRECT_URL_LENGTH} characters`);
  if (/[{}]/.test(url.replaceAll(COMPANY_ID_PLACEHOLDER, ""))) throw problem(`may hold only the placeholder ${COMPANY_ID_PLACEHOLDER}`);
  let parsed: URL;
  try {
    parsed = new URL(fillRedirectUrl(url, "00000000-0000-4000-8000-000000000000"));
  } catch {
    throw problem("must be an absolute URL such as https://app.example.com/companies/{companyId}");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw problem("must use https (or http)");
  if (parsed.username || parsed.password) throw problem("must not hold a user name or password");
  return url;
}

/** The client's redirect URL for one company: {companyId} filled in, URL-encoded. */
export function fillRedirectUrl(redirectUrl: string, companyId: string): string {
  return redirectUrl.replaceAll(COMPANY_ID_PLACEHOLDER, encodeURIComponent(companyId));
}

/** Sets the client's redirect URL (checked), or removes it with null. */
export async function setRedirectUrl(context: ServerContext, clientId: string, value: string | null): Promise<string | null> {
  const redirectUrl = value === null ? null : checkRedirectUrl(value);
  if (!(await setClientRedirectUrl(context.db, clientId, redirectUrl))) throw notFound(`Client ${clientId} not found`);
  return redirectUrl;
}
