// The two company access token endpoints. This is the hot path: the API key and the company's
// existence come from in-process caches and the token is signed with a reused key object.
import type { CompanyAccessToken, ConnectionManagementAccessToken } from "@codat/platform/models";
import type { FastifyInstance, FastifyReply } from "fastify";
import { then, type MaybePromise } from "../../lib/maybe-promise.js";
import { clientIdOf } from "../plugins/auth.js";
import { companyIdParams, responses } from "../schemas/common.js";
import { companyAccessToken, connectionManagementAccessToken } from "../schemas/resources.js";
import { requireCompanyId } from "./support.js";

/**
 * The 200 bodies, written by concatenation: a JWT is base64url segments and dots, so there is
 * nothing to escape, whereas the schema serializer scans its ≈ 500 characters for escapes on
 * every request. Tested byte for byte against JSON.stringify.
 */
export function companyAccessTokenJson(body: CompanyAccessToken): string {
  return `{"accessToken":"${body.accessToken}","expiresIn":${body.expiresIn},"tokenType":"${body.tokenType}"}`;
}
export function connectionManagementAccessTokenJson(body: ConnectionManagementAccessToken): string {
  return `{"accessToken":"${body.accessToken}"}`;
}

/** A token body: never stored by a browser or a proxy cache (it is a credential). */
const asJson = (reply: FastifyReply, json: string): string => {
  reply.type("application/json; charset=utf-8").header("cache-control", "no-store");
  return json;
};

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const { tokens } = app.context;

  app.get(
    "/companies/:companyId/accessToken",
    {
      config: { auth: "apiKey", operationId: "get-company-access-token" },
      schema: {
        tags: ["Companies"],
        summary: "Get company access token (one day, one company)",
        params: companyIdParams,
        response: responses({ 200: companyAccessToken }),
      },
    },
    // Not async: with warm caches the token is answered without a promise (see lib/maybe-promise.ts).
    (request, reply): MaybePromise<string> =>
      then(requireCompanyId(app, request), (companyId) =>
        then(tokens.issue({ companyId, clientId: clientIdOf(request), audience: "company" }), ({ token, expiresIn }) =>
          asJson(reply, companyAccessTokenJson({ accessToken: token, expiresIn, tokenType: "Bearer" })),
        ),
      ),
  );

  app.get(
    "/companies/:companyId/connectionManagement/accessToken",
    {
      config: { auth: "apiKey", operationId: "get-connection-management-access-token" },
      schema: {
        tags: ["Connection management"],
        summary: "Get access token for the Connections SDK (one hour, one company)",
        params: companyIdParams,
        response: responses({ 200: connectionManagementAccessToken }),
      },
    },
    (request, reply): MaybePromise<string> =>
      then(requireCompanyId(app, request), (companyId) =>
        then(tokens.issue({ companyId, clientId: clientIdOf(request), audience: "connection-management" }), ({ token }) =>
          asJson(reply, connectionManagementAccessTokenJson({ accessToken: token })),
        ),
      ),
  );
}
