// The company link page, where every company's `redirect` leads:
//   GET  /companies/{companyId}/link                        the company's connections and the catalogue;
//   POST the same URL with formToken and
//     platformKey=<key>      opens a connection to that platform and answers 303 to its linkUrl
//                            (authorize.ts); a platform the company already has a connection to
//                            gets a page that offers Reconnect and "Connect another account" instead
//     another=<key>          that explicit choice: a new connection even so
//     reconnect=<id>         one of the company's connections: 303 to its linkUrl (the sandbox
//                            links at once), to authorize it again where access was lost
// Public: the company's owner has no API key. As with Codat's Link URL, the unguessable company
// id is the capability, so an unknown, malformed or deleted company gets one and the same
// "not valid" page, and the page can only ever open connections of the company in its path,
// for the client that owns it. Posting needs a form token this page signed for that company
// minutes before, from our own origin, and it cannot open connections without bound: a second
// choice of a platform with a connection still waiting for approval resumes that connection,
// and a company with MAX_COMPANY_CONNECTIONS connections gets no more from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { chooseConnection, MAX_COMPANY_CONNECTIONS, reconnect } from "../../../services/connections.js";
import { findPlatform, isPlatformEnabled, listPlatforms } from "../../../services/platform-apps.js";
import { isUuid } from "../../../storage/ids.js";
import { findCompanyOwner, getCompany, type CompanyRecord } from "../../../storage/repositories/companies.js";
import { getConnection, listConnections, type ConnectionRecord } from "../../../storage/repositories/connections.js";
import type { Database } from "../../../storage/schema.js";
import { companyLinkUrl, linkUrl } from "../../../wire.js";
import type { CompanyLinkFormTokens } from "../../../tokens/company-link-form-tokens.js";
import { sendCompanyLinkMessage, sendCompanyLinkPage, sendExistingConnectionsPage, sendInvalidCompanyLinkPage, type PageNotice } from "./company-link-page.js";
import { clientApplication } from "./page-parts.js";

interface CompanyLinkRequest {
  Params: { companyId: string };
  Querystring: { connected?: unknown };
  Body: { platformKey?: unknown; another?: unknown; reconnect?: unknown; formToken?: unknown } | undefined;
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

  /** The notice after a connection was linked here (`?connected=<id>`): what its status is now, whoever asks. */
  const connectedNotice = async (company: CompanyRecord, id: unknown): Promise<PageNotice | undefined> => {
    const connection = typeof id === "string" && isUuid(id) ? await getConnection(context.db, company.clientId, company.id, id) : undefined;
    if (connection?.status !== "Linked") return undefined;
    return { kind: "success", headline: `${connection.platformName} is connected`, detail: "The application can now read its data." };
  };

  app.get<CompanyLinkRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const company = await companyOfLink(context.db, request.params.companyId);
    if (!company) return sendInvalidCompanyLinkPage(reply);
    const [formToken, listed, platforms, application, notice] = await Promise.all([
      formTokens.sign({ clientId: company.clientId, companyId: company.id }),
      listConnections(context.db, company.clientId, company.id, { page: 1, pageSize: LISTED_CONNECTIONS }),
      listPlatforms(context, company.clientId),
      clientApplication(context.db, company.clientId, company.id),
      connectedNotice(company, request.query.connected),
    ]);
    return sendCompanyLinkPage(reply, {
      companyName: company.name,
      action: pagePath(company.id),
      formToken,
      connections: listed.results,
      totalConnections: listed.totalResults,
      platforms: platforms.filter((platform) => platform.enabled).map((platform) => platform.entry),
      application,
      now: context.clock(),
      notice,
    });
  });

  /** Where a connection's authorization goes on from here: its linkUrl, or back to this page once linked. */
  const onwards = (reply: FastifyReply, company: CompanyRecord, connection: ConnectionRecord): FastifyReply => {
    // Linked (the sandbox): back to the page, which says so.
    if (connection.status === "Linked") return reply.code(303).header("location", `${pagePath(company.id)}?connected=${connection.id}`).send();
    // The connection's linkUrl starts its authorization at the platform (authorize.ts).
    return reply.code(303).header("location", new URL(linkUrl(publicUrl, company.id, connection.id)).pathname).send();
  };

  app.post<CompanyLinkRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const company = await companyOfLink(context.db, request.params.companyId);
    if (!company) return sendInvalidCompanyLinkPage(reply);
    const back = pagePath(company.id);
    if (fromAnotherSite(request) || !(await formTokenFits(company, request.body?.formToken))) {
      const text = "Nothing was connected. Open the page again and choose the platform there.";
      return sendCompanyLinkMessage(reply, { title: "This page has expired", text, back }, 403);
    }
    const body = request.body ?? {};
    if (body.reconnect !== undefined) {
      const id = body.reconnect;
      const connection = typeof id === "string" && isUuid(id) ? await getConnection(context.db, company.clientId, company.id, id) : undefined;
      if (!connection) {
        return sendCompanyLinkMessage(reply, { title: "This connection no longer exists", text: "It was removed meanwhile. Choose its platform again to connect it.", back }, 404);
      }
      return onwards(reply, company, await reconnect(context, company, connection));
    }

    const another = body.another !== undefined;
    const key = another ? body.another : body.platformKey;
    const found = typeof key === "string" && /^[a-z]{4}$/.test(key) ? await findPlatform(context, company.clientId, key) : undefined;
    const integration = found && (await isPlatformEnabled(context, company.clientId, found)) ? found : undefined;
    if (!integration) return sendCompanyLinkMessage(reply, { title: "Choose a platform", text: "Choose one of the listed platforms.", back }, 400);

    const chosen = await chooseConnection(context, company, integration, { another });
    if (chosen === "gone") return sendInvalidCompanyLinkPage(reply);
    if (chosen === "full") {
      const text = `This company already has ${MAX_COMPANY_CONNECTIONS} connections. Ask the application to remove the ones it no longer needs.`;
      return sendCompanyLinkMessage(reply, { title: "No more connections can be added here", text, back }, 409);
    }
    if ("existing" in chosen) {
      const [formToken, application] = await Promise.all([
        formTokens.sign({ clientId: company.clientId, companyId: company.id }),
        clientApplication(context.db, company.clientId, company.id),
      ]);
      return sendExistingConnectionsPage(reply, { companyName: company.name, platform: integration, existing: chosen.existing, action: back, formToken, application, now: context.clock() });
    }
    return onwards(reply, company, chosen);
  });
}
