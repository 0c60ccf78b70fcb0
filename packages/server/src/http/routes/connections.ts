// Connections of a company: list, create, get, delete, unlink, update authorization (the writes
// are services/connections.ts).
import type { Connection, Connections } from "@codat/platform/models";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { TransitionError } from "../../connections/transitions.js";
import { changeStatus, createConnection, deleteConnection, updateAuthorization } from "../../services/connections.js";
import { findPlatform } from "../../services/platform-apps.js";
import { isUuid } from "../../storage/ids.js";
import { toPage } from "../../storage/paging.js";
import type { CompanyRecord } from "../../storage/repositories/companies.js";
import { getConnection, listConnections, type ConnectionRecord, type ConnectionStatus } from "../../storage/repositories/connections.js";
import { badRequest, notFound } from "../../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { connectionParams, companyIdParams, listQuery, responses, type ListQuery } from "../schemas/common.js";
import { connection, connections, connectionStatus } from "../schemas/resources.js";
import { toConnection } from "../../wire.js";
import { pageRequest, requireCompany, requireCompanyId, withQueryErrors } from "./support.js";

const tags = ["Connections"];

const createBody = {
  type: "object",
  required: ["platformKey"],
  properties: { platformKey: { type: "string", minLength: 4, maxLength: 4, pattern: "^[a-z]{4}$" } },
} as const;

const unlinkBody = {
  type: "object",
  required: ["status"],
  properties: { status: connectionStatus },
} as const;

const authorizationBody = {
  type: "object",
  maxProperties: 50,
  additionalProperties: { type: "string", maxLength: 4096 },
} as const;

export async function connectionRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;
  const publicUrl = context.config.publicUrl;

  async function requireConnection(request: FastifyRequest): Promise<{ company: CompanyRecord; connection: ConnectionRecord }> {
    const company = await requireCompany(app, request);
    const { connectionId } = request.params as { connectionId: string };
    const found = isUuid(connectionId) ? await getConnection(context.db, company.clientId, company.id, connectionId) : undefined;
    if (!found) throw notFound(`Data connection ${connectionId} not found`);
    return { company, connection: found };
  }

  /** A status change (services/connections.ts); one the rules refuse is a 400 naming the status. */
  async function transition(request: FastifyRequest, change: (company: CompanyRecord, connection: ConnectionRecord) => Promise<ConnectionRecord>): Promise<Connection> {
    const { company, connection: current } = await requireConnection(request);
    try {
      return toConnection(await change(company, current), publicUrl);
    } catch (error) {
      if (error instanceof TransitionError) {
        throw badRequest(error.message, [{ itemId: "body.status", message: error.message, validatorName: "transition" }]);
      }
      throw error;
    }
  }

  app.get<{ Querystring: ListQuery }>(
    "/companies/:companyId/connections",
    {
      config: { auth: "apiKeyOrBearer", operationId: "list-connections" },
      schema: { tags, summary: "List connections", params: companyIdParams, querystring: listQuery, response: responses({ 200: connections }) },
    },
    async (request): Promise<Connections> => {
      // The cached existence check, not the company row: one query less per page (the
      // Connections UI lists on every open), and no read of the companies table's heap.
      const companyId = await requireCompanyId(app, request);
      const paging = pageRequest(request.query);
      const { results, totalResults } = await withQueryErrors(() =>
        listConnections(context.db, clientIdOf(request), companyId, paging),
      );
      const page = toPage(`/companies/${companyId}/connections`, paging, results.map((r) => toConnection(r, publicUrl)), totalResults);
      return page as Connections;
    },
  );

  app.post<{ Body: { platformKey: string } }>(
    "/companies/:companyId/connections",
    {
      config: { auth: "apiKey", operationId: "create-connection" },
      schema: { tags, summary: "Create connection", params: companyIdParams, body: createBody, response: responses({ 200: connection }) },
    },
    async (request): Promise<Connection> => {
      const company = await requireCompany(app, request);
      const integration = await findPlatform(context, company.clientId, request.body.platformKey);
      if (!integration) throw notFound(`No integration was found with key ${request.body.platformKey}`);
      const created = await createConnection(context, company, integration);
      return toConnection(created, publicUrl);
    },
  );

  app.get(
    "/companies/:companyId/connections/:connectionId",
    {
      config: { auth: "apiKeyOrBearer", operationId: "get-connection" },
      schema: { tags, summary: "Get connection", params: connectionParams, response: responses({ 200: connection }) },
    },
    async (request): Promise<Connection> => toConnection((await requireConnection(request)).connection, publicUrl),
  );

  app.delete(
    "/companies/:companyId/connections/:connectionId",
    {
      config: { auth: "apiKey", operationId: "delete-connection" },
      schema: { tags, summary: "Delete connection", params: connectionParams, response: responses({ 200: { type: "null" } }) },
    },
    async (request, reply) => {
      const { company, connection: current } = await requireConnection(request);
      const deleted = await deleteConnection(context, company, current);
      if (!deleted) throw notFound(`Data connection ${current.id} not found`);
      return reply.code(200).send();
    },
  );

  app.patch<{ Body: { status: ConnectionStatus } }>(
    "/companies/:companyId/connections/:connectionId",
    {
      config: { auth: "apiKeyOrBearer", operationId: "unlink-connection" },
      schema: {
        tags,
        summary: "Unlink connection",
        params: connectionParams,
        body: unlinkBody,
        response: responses({ 200: connection }),
      },
    },
    async (request) => {
      if (request.body.status !== "Unlinked") {
        const message = "Only status Unlinked can be set here; a connection is linked again through its linkUrl.";
        throw badRequest(message, [{ itemId: "body.status", message, validatorName: "enum" }]);
      }
      return transition(request, (company, current) => changeStatus(context, company, current, "Unlinked"));
    },
  );

  app.put<{ Body: Record<string, string> }>(
    "/companies/:companyId/connections/:connectionId/authorization",
    {
      config: { auth: "apiKey", operationId: "update-connection-authorization" },
      schema: {
        tags,
        summary: "Update authorization",
        params: connectionParams,
        body: authorizationBody,
        response: responses({ 200: connection }),
      },
    },
    async (request) => {
      // The credentials are only checked for presence, never stored.
      return transition(request, (company, current) => updateAuthorization(context, company, current, request.body));
    },
  );
}
