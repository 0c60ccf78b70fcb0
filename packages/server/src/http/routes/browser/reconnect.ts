// POST /companies/{companyId}/connections/{connectionId}/reconnect (bearer token or API key):
// how an Unlinked or Deauthorized connection returns to Linked. The sandbox platform links
// at once; any other answers with the connection, unchanged, whose `linkUrl` starts its
// authorization at the platform (see authorize.ts).
import type { Connection } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { reconnect } from "../../../services/connections.js";
import { isUuid } from "../../../storage/ids.js";
import { getConnection } from "../../../storage/repositories/connections.js";
import { notFound } from "../../../errors.js";
import { connectionParams, responses } from "../../schemas/common.js";
import { connection as connectionSchema } from "../../schemas/resources.js";
import { toConnection } from "../../../wire.js";
import { requireCompany } from "../support.js";

export function registerReconnect(app: FastifyInstance): void {
  const { context } = app;
  const { publicUrl } = context.config;

  app.post<{ Params: { companyId: string; connectionId: string } }>(
    "/companies/:companyId/connections/:connectionId/reconnect",
    {
      config: { auth: "apiKeyOrBearer", operationId: "reconnect-connection" },
      schema: {
        tags: ["Connections"],
        summary: "Reconnect connection",
        params: connectionParams,
        response: responses({ 200: connectionSchema }),
      },
    },
    async (request): Promise<Connection> => {
      const company = await requireCompany(app, request);
      const { connectionId } = request.params;
      const current = isUuid(connectionId) ? await getConnection(context.db, company.clientId, company.id, connectionId) : undefined;
      if (!current) throw notFound(`Data connection ${connectionId} not found`);
      return toConnection(await reconnect(context, company, current), publicUrl);
    },
  );
}
