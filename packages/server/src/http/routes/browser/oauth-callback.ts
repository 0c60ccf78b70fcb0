// `GET /oauth/callback`: the one redirect URI of this deployment, where every platform sends
// the person back after consent (services/authorization.ts does the work). The page says what
// happened and what to do next (with the way back to the client's application, when it has a
// redirect URL); a window the Connections UI opened closes itself after a success, and the
// component learns the outcome from the connection's status, as it polls.
import type { FastifyInstance, FastifyReply } from "fastify";
import { CALLBACK_PATH, completeAuthorization, flowCookieName } from "../../../services/authorization.js";
import { sendCallbackOutcomePage, sendInvalidLinkPage } from "./authorize-page.js";
import { clearFlowCookie, cookiesOf } from "./flow-cookies.js";
import { clientApplication } from "./page-parts.js";
import { createHash } from "node:crypto";

export function registerOAuthCallback(app: FastifyInstance): void {
  const { context } = app;
  const { publicUrl } = context.config;
  const callbackPath = new URL(`${publicUrl}${CALLBACK_PATH}`).pathname;
  const secure = publicUrl.startsWith("https:");

  app.get(callbackPath, { config: { auth: "none" } }, async (request, reply): Promise<FastifyReply> => {
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    const callback = new URL(`${publicUrl}${CALLBACK_PATH}${query}`);
    const outcome = await completeAuthorization(context, callback, cookiesOf(request));
    const state = callback.searchParams.get("state");
    if (state) {
      const stateHash = createHash("sha256").update(state).digest("base64url");
      clearFlowCookie(reply, { name: flowCookieName(publicUrl, stateHash), path: secure ? "/" : callbackPath, secure });
    }
    if (outcome.kind === "unknown") return sendInvalidLinkPage(reply);
    return sendCallbackOutcomePage(reply, outcome, await clientApplication(context.db, outcome.clientId, outcome.companyId));
  });
}
