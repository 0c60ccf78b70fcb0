// API keys of the calling client: list, create (the key's value appears once, in the create
// response), delete (revoked at once on this node, within the cache TTL on others).
import type { ApiKeyDetails, ApiKeys } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { isUuid } from "../../storage/ids.js";
import { createApiKey, deleteApiKey } from "../../services/api-keys.js";
import { listApiKeys } from "../../storage/repositories/api-keys.js";
import { notFound } from "../../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { pathId, responses } from "../schemas/common.js";
import { apiKeyDetails, apiKeys, createApiKeyBody } from "../schemas/resources.js";

const tags = ["Settings"];

export async function apiKeyRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;

  app.get(
    "/apiKeys",
    {
      config: { auth: "apiKey", operationId: "list-api-keys" },
      schema: { tags, summary: "List API keys (values are never shown again)", response: responses({ 200: apiKeys }) },
    },
    async (request): Promise<ApiKeys> => {
      const records = await listApiKeys(context.db, clientIdOf(request));
      return { results: records.map((r) => ({ id: r.id, name: r.name, createdDate: r.created })) };
    },
  );

  app.post<{ Body: { name?: string | null } | null }>(
    "/apiKeys",
    {
      config: { auth: "apiKey", operationId: "create-api-key" },
      schema: { tags, summary: "Create API key", body: createApiKeyBody, response: responses({ 201: apiKeyDetails }) },
    },
    async (request, reply): Promise<ApiKeyDetails> => {
      const { record, key } = await createApiKey(context, clientIdOf(request), request.body?.name ?? null);
      reply.code(201).header("cache-control", "no-store");
      return { id: record.id, name: record.name, apiKey: key, createdDate: record.created };
    },
  );

  app.delete<{ Params: { apiKeyId: string } }>(
    "/apiKeys/:apiKeyId",
    {
      config: { auth: "apiKey", operationId: "delete-api-key" },
      schema: {
        tags,
        summary: "Delete API key",
        params: { type: "object", required: ["apiKeyId"], properties: { apiKeyId: pathId("Unique identifier for an API key.") } },
        response: responses({ 204: { type: "null" } }),
      },
    },
    async (request, reply) => {
      const { apiKeyId } = request.params;
      if (!isUuid(apiKeyId) || !(await deleteApiKey(context, clientIdOf(request), apiKeyId))) {
        throw notFound(`No API key was found with ID ${apiKeyId}`);
      }
      return reply.code(204).send();
    },
  );
}
