// The two company access token endpoints. This is the hot path: the API key and the company's
// existence come from in-process caches and the token is signed with a reused key object.
import type { CompanyAccessToken, ConnectionManagementAccessToken } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
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
    async (request): Promise<CompanyAccessToken> => {
      const companyId = await requireCompanyId(app, request);
      const { token, expiresIn } = await tokens.issue({ companyId, clientId: clientIdOf(request), audience: "company" });
      return { accessToken: token, expiresIn, tokenType: "Bearer" };
    },
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
    async (request): Promise<ConnectionManagementAccessToken> => {
      const companyId = await requireCompanyId(app, request);
      const { token } = await tokens.issue({ companyId, clientId: clientIdOf(request), audience: "connection-management" });
      return { accessToken: token };
    },
  );
}
