// The company link page, where every company's `redirect` leads:
//   GET  /companies/{companyId}/link                        the company's connections and the catalogue;
//   POST the same URL with platformKey and formToken        opens a connection to that platform and
//                                                           answers 303 to its linkUrl (authorize.ts).
// Public: the company's owner has no API key. As with Codat's Link URL, the unguessable company
// id is the capability, so an unknown, malformed or deleted company gets one and the same
// "not valid" page, and the page can only ever open connections of the company in its path,
// for the client that owns it. Posting needs a form token this page signed for that company
// minutes before, from our own origin, and it cannot open connections without bound: a second
// choice of a platform with a connection still waiting for approval resumes that connection,
// and a company with MAX_COMPANY_CONNECTIONS connections gets no more from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { chooseConnection, MAX_COMPANY_CONNECTIONS } from "../../../services/connections.js";
import { findPlatform, isPlatformEnabled, listPlatforms } from "../../../services/platform-apps.js";
import { isUuid } from "../../../storage/ids.js";
import { findCompanyOwner, getCompany, type CompanyRecord } from "../../../storage/repositories/companies.js";
import { listConnections } from "../../../storage/repositories/connections.js";
import type { Database } from "../../../storage/schema.js";
import { companyLinkUrl, linkUrl } from "../../../wire.js";
import type { CompanyLinkFormTokens } from "../../../tokens/company-link-form-tokens.js";
import { sendCompanyLinkMessage, sendCompanyLinkPage, sendInvalidCompanyLinkPage } from "./company-link-page.js";

interface CompanyLinkRequest {
  Params: { companyId: string };
  Body: { platformKey?: unknown; formToken?: unknown } | undefined;
}

/** Connections listed on the page; any beyond are counted. */
const LISTED_CONNECTIONS = 50;
const MAX_FORM_TOKEN_LENGTH = 4096;

/** The path's company, whichever client owns it: the id is the capability. */
async function companyOfLink(db: Kysely<Database>, companyId: string): Promise<CompanyRecord | undefined> {
  if (!isUuid(companyId)) return undefined;
  const owner = await findCompanyOwner(db, companyId);
  return owner === undefined ? undefined : getCompany(db, owner, companyId);
}

export function registerCompanyLinkPage(app: FastifyInstance, formTokens: CompanyLinkFormTokens): void {
  const { context } = app;
  const { publicUrl } = context.config;
  const publicOrigin = new URL(publicUrl).origin;
  const path = "/companies/:companyId/link";
  // No schema: these are pages, not API operations (and so stay out of /openapi.json).
  const options = { config: { auth: "none" as const } };

  /** The page's own path (PUBLIC_URL may carry a prefix); the form posts back to it. */
  const pagePath = (companyId: string) => new URL(companyLinkUrl(publicUrl, companyId)).pathname;

  /** A browser says where a form post comes from: another site's is refused. Our own page,
   * under `Referrer-Policy: no-referrer`, sends `Origin: null` and `Sec-Fetch-Site: same-origin`. */
  const fromAnotherSite = (request: FastifyRequest): boolean => {
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") return true;
    const origin = request.headers.origin;
    return origin !== undefined && origin !== "null" && origin !== publicOrigin;
  };

  const formTokenFits = async (company: CompanyRecord, token: unknown): Promise<boolean> => {
    if (typeof token !== "string" || token.length > MAX_FORM_TOKEN_LENGTH) return false;
    const grant = await formTokens.verify(token);
    return grant?.companyId === company.id && grant.clientId === company.clientId;
  };

  app.get<CompanyLinkRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const company = await companyOfLink(context.db, request.params.companyId);
    if (!company) return sendInvalidCompanyLinkPage(reply);
    const [formToken, listed, platforms] = await Promise.all([
      formTokens.sign({ clientId: company.clientId, companyId: company.id }),
      listConnections(context.db, company.clientId, company.id, { page: 1, pageSize: LISTED_CONNECTIONS }),
      listPlatforms(context, company.clientId),
    ]);
    return sendCompanyLinkPage(reply, {
      companyName: company.name,
      action: pagePath(company.id),
      formToken,
      connections: listed.results,
      totalConnections: listed.totalResults,
      platforms: platforms.filter((platform) => platform.enabled).map((platform) => platform.entry),
    });
  });

  app.post<CompanyLinkRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const company = await companyOfLink(context.db, request.params.companyId);
    if (!company) return sendInvalidCompanyLinkPage(reply);
    const back = pagePath(company.id);
    if (fromAnotherSite(request) || !(await formTokenFits(company, request.body?.formToken))) {
      const text = "Nothing was connected. Open the page again and choose the platform there.";
      return sendCompanyLinkMessage(reply, { title: "This page has expired", text, back }, 403);
    }
    const key = request.body?.platformKey;
    const found = typeof key === "string" && /^[a-z]{4}$/.test(key) ? await findPlatform(context, company.clientId, key) : undefined;
    const integration = found && (await isPlatformEnabled(context, company.clientId, found)) ? found : undefined;
    if (!integration) return sendCompanyLinkMessage(reply, { title: "Choose a platform", text: "Choose one of the listed platforms.", back }, 400);

    const chosen = await chooseConnection(context, company, integration);
    if (chosen === "gone") return sendInvalidCompanyLinkPage(reply);
    if (chosen === "full") {
      const text = `This company already has ${MAX_COMPANY_CONNECTIONS} connections. Ask the application to remove the ones it no longer needs.`;
      return sendCompanyLinkMessage(reply, { title: "No more connections can be added here", text, back }, 409);
    }
    // Linked (the sandbox): back to the page, which lists it as connected.
    if (chosen.status === "Linked") return reply.code(303).header("location", back).send();
    // The connection's linkUrl starts its authorisation at the platform (authorize.ts).
    return reply.code(303).header("location", new URL(linkUrl(publicUrl, company.id, chosen.id)).pathname).send();
  });
}
