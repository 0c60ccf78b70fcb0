// The two company access token endpoints. This is the hot path: the API key and the company's
// existence come from in-process caches and the token is signed with a reused key object.
import type { CompanyAccessToken, ConnectionManagementAccessToken } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { then, type MaybePromise } from "../../cache/maybePromise.js";
import { clientIdOf } from "../plugins/auth.js";
import { companyIdParams, responses } from "../schemas/common.js";
import { companyAccessToken, connectionManagementAccessToken } from "../schemas/resources.js";
import { requireCompanyId } from "./support.js";

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const { tokens } = app.platform;

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
    // Not async: with warm caches the token is answered without a promise (see maybePromise.ts).
    (request): MaybePromise<CompanyAccessToken> =>
      then(requireCompanyId(app, request), (companyId) =>
        then(tokens.issue({ companyId, clientId: clientIdOf(request), audience: "company" }), ({ token, expiresIn }) => ({
          accessToken: token,
          expiresIn,
          tokenType: "Bearer" as const,
        })),
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
    (request): MaybePromise<ConnectionManagementAccessToken> =>
      then(requireCompanyId(app, request), (companyId) =>
        then(tokens.issue({ companyId, clientId: clientIdOf(request), audience: "connection-management" }), ({ token }) => ({
          accessToken: token,
        })),
      ),
  );
}
