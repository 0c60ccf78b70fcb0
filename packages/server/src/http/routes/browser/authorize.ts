// A connection's `linkUrl`, `/companies/{companyId}/connections/{connectionId}/start`, as
// returned by the API: opening it starts that connection's authorization.
//   OAuth 2.0 platforms: GET asks for the values the platform needs first (a Shopify shop),
//     then answers 303 to the platform's consent page with the flow's cookie
//     (services/authorization.ts); the platform comes back to oauth-callback.ts.
//   The sandbox: GET shows a consent page whose form carries a short-lived signed grant for
//     the connection as it is now; POST with decision=approve|deny acts on the answer.
// The unguessable connection id (with its company's) is the capability, as for the company link
// page: what the URL allows is to authorize this one connection while it is not Linked. It
// cannot read anything, change another connection, or re-authorize a Linked one; a reconnect
// must bring the same platform account; once the connection is deleted the URL shows only "not
// valid". See docs/platforms.md.
import type { FastifyInstance, FastifyReply } from "fastify";
import { startAuthorization } from "../../../services/authorization.js";
import { answerAuthorization, findGrantedConnection } from "../../../services/connections.js";
import { findPlatform } from "../../../services/platform-apps.js";
import { isUuid } from "../../../storage/ids.js";
import { findCompanyOwner, getCompany } from "../../../storage/repositories/companies.js";
import { getConnection } from "../../../storage/repositories/connections.js";
import type { LinkGrant, LinkTokens } from "../../../tokens/link-tokens.js";
import { linkUrl } from "../../../wire.js";
import { sendAskPage, sendAuthorizePage, sendInvalidLinkPage, sendNotEnabledPage, sendOutcomePage } from "./authorize-page.js";
import { setFlowCookie } from "./flow-cookies.js";
import { clientApplication } from "./page-parts.js";

interface StartRequest {
  Params: { companyId: string; connectionId: string };
  Querystring: Record<string, unknown> & { grant?: unknown };
  Body: { decision?: unknown } | undefined;
}

/** The forms carry a decision, or a platform key and a signed form token (≈ 400 bytes plus PUBLIC_URL). */
const FORM_BODY_LIMIT = 8192;
const MAX_GRANT_LENGTH = 4096;

export function registerAuthorizePage(app: FastifyInstance, linkTokens: LinkTokens): void {
  const { context } = app;
  // Only these pages take HTML form posts; the parser is scoped to this plugin.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  const path = "/companies/:companyId/connections/:connectionId/start";
  // No schema: these are pages, not API operations (and so stay out of /openapi.json).
  const options = { config: { auth: "none" as const } };
  const pagePath = (params: StartRequest["Params"]) => new URL(linkUrl(context.config.publicUrl, params.companyId, params.connectionId)).pathname;

  /** The path's company and connection, whichever client owns them: the ids are the capability. */
  const findLinked = async ({ companyId, connectionId }: StartRequest["Params"]) => {
    if (!isUuid(companyId) || !isUuid(connectionId)) return undefined;
    const owner = await findCompanyOwner(context.db, companyId);
    const company = owner === undefined ? undefined : await getCompany(context.db, owner, companyId);
    const connection = company && (await getConnection(context.db, company.clientId, companyId, connectionId));
    return company && connection ? { company, connection } : undefined;
  };

  /** The sandbox form's grant, when it is genuine, unexpired and for this very URL. Verified outside any
   * transaction: the key set may need the database, which on SQLite an open transaction holds. */
  const verifyGrant = async (params: StartRequest["Params"], token: unknown): Promise<LinkGrant | undefined> => {
    if (typeof token !== "string" || token.length > MAX_GRANT_LENGTH) return undefined;
    const grant = await linkTokens.verify(token);
    if (!grant || grant.companyId !== params.companyId || grant.connectionId !== params.connectionId) return undefined;
    return grant;
  };

  app.get<StartRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const found = await findLinked(request.params);
    if (!found) return sendInvalidLinkPage(reply);
    const { company, connection } = found;
    const entry = await findPlatform(context, company.clientId, connection.integrationKey);
    if (!entry) return sendInvalidLinkPage(reply);
    const started = await startAuthorization(context, connection, entry, request.query);
    const application = () => clientApplication(context.db, company.clientId, company.id);
    switch (started.kind) {
      case "linked":
        return sendOutcomePage(reply, { platformName: connection.platformName, outcome: "already-connected", application: await application() });
      case "not-enabled":
        return sendNotEnabledPage(reply, connection.platformName, await application());
      case "ask":
        return sendAskPage(reply, {
          platformName: connection.platformName,
          companyName: company.name,
          action: pagePath(request.params),
          parameters: started.parameters,
          values: started.values,
          ...(started.problem ? { problem: started.problem } : {}),
        });
      case "redirect":
        setFlowCookie(reply, started.cookie);
        return reply.code(303).header("location", started.location).header("cache-control", "no-store").header("referrer-policy", "no-referrer").send();
      case "sandbox": {
        const grant = await linkTokens.sign({ clientId: company.clientId, companyId: company.id, connectionId: connection.id, version: connection.modified });
        return sendAuthorizePage(reply, {
          applicationName: (await application())?.name ?? "The application",
          companyName: company.name,
          platformName: connection.platformName,
          sourceType: connection.sourceType,
          action: `${pagePath(request.params)}?grant=${encodeURIComponent(grant)}`,
          firstTime: connection.status === "PendingAuth",
        });
      }
    }
  });

  app.post<StartRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const approved = request.body?.decision === "approve";
    const grant = await verifyGrant(request.params, request.query.grant);
    if (!(await findGrantedConnection(context.db, grant))) return sendInvalidLinkPage(reply);
    const outcome = await answerAuthorization(context, grant, approved);
    if (!outcome) return sendInvalidLinkPage(reply);
    const result = approved ? (outcome.firstTime ? "connected" : "reconnected") : "not-connected";
    const { clientId, companyId, platformName } = outcome.connection;
    return sendOutcomePage(reply, { platformName, outcome: result, application: await clientApplication(context.db, clientId, companyId) });
  });
}
