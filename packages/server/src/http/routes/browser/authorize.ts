// The hosted authorisation page behind a signed `linkUrl`:
//   GET  /companies/{companyId}/connections/{connectionId}/start?grant=…  asks the user;
//   POST the same URL with decision=approve|deny                          acts on the answer.
// Approving moves the connection to Linked (services/connections.ts), with its event in the
// same transaction. Without a valid
// grant for exactly this connection and its current state, the page only says the link expired.
import type { FastifyInstance, FastifyReply } from "fastify";
import { answerAuthorization, findGrantedConnection } from "../../../services/connections.js";
import { isUuid } from "../../../storage/ids.js";
import { linkUrl } from "../../../wire.js";
import { sendAuthorizePage, sendInvalidLinkPage, sendOutcomePage } from "./authorize-page.js";
import type { LinkGrant, LinkTokens } from "../../../tokens/link-tokens.js";

interface StartRequest {
  Params: { companyId: string; connectionId: string };
  Querystring: { grant?: unknown };
  Body: { decision?: unknown } | undefined;
}

/** The forms carry a decision, or a platform key and a signed form token (≈ 400 bytes plus PUBLIC_URL). */
const FORM_BODY_LIMIT = 8192;
const MAX_GRANT_LENGTH = 4096;

export function registerAuthorizePage(app: FastifyInstance, linkTokens: LinkTokens): void {
  // Only these pages take HTML form posts; the parser is scoped to this plugin.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  const path = "/companies/:companyId/connections/:connectionId/start";
  // No schema: these are pages, not API operations (and so stay out of /openapi.json).
  const options = { config: { auth: "none" as const } };

  /** The grant, when it is genuine, unexpired and for this very URL. Verified outside any
   * transaction: the key set may need the database, which on SQLite an open transaction holds. */
  const verifyGrant = async (params: StartRequest["Params"], token: unknown): Promise<LinkGrant | undefined> => {
    if (typeof token !== "string" || token.length > MAX_GRANT_LENGTH) return undefined;
    const grant = await linkTokens.verify(token);
    if (!grant || grant.companyId !== params.companyId || grant.connectionId !== params.connectionId) return undefined;
    // The grant's ids were signed by us, so they are well-formed UUIDs; checked anyway.
    return isUuid(grant.companyId) && isUuid(grant.connectionId) ? grant : undefined;
  };

  const formAction = (params: StartRequest["Params"], token: string) =>
    `${new URL(linkUrl(app.context.config.publicUrl, params.companyId, params.connectionId)).pathname}?grant=${encodeURIComponent(token)}`;

  app.get<StartRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const found = await findGrantedConnection(app.context.db, await verifyGrant(request.params, request.query.grant));
    if (!found) return sendInvalidLinkPage(reply);
    const { company, connection } = found;
    if (connection.status === "Linked") return sendOutcomePage(reply, connection.platformName, true, true);
    return sendAuthorizePage(reply, {
      companyName: company.name,
      platformName: connection.platformName,
      action: formAction(request.params, String(request.query.grant)),
      firstTime: connection.status === "PendingAuth",
    });
  });

  app.post<StartRequest>(path, options, async (request, reply): Promise<FastifyReply> => {
    const approved = request.body?.decision === "approve";
    const outcome = await answerAuthorization(app.context, await verifyGrant(request.params, request.query.grant), approved);
    if (!outcome) return sendInvalidLinkPage(reply);
    return sendOutcomePage(reply, outcome.connection.platformName, approved, outcome.firstTime);
  });
}
