// API keys of the calling client: list, create (the key's value appears once, in the create
// response), delete (revoked at once on this node, within the cache TTL on others).
import type { ApiKeyDetails, ApiKeys } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { isUuid } from "../../storage/ids.js";
import { countApiKeys, createApiKey, deleteApiKey, listApiKeys } from "../../storage/repositories/apiKeys.js";
import { ApiError, notFound } from "../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { pathId, responses } from "../schemas/common.js";
import { apiKeyDetails, apiKeys, createApiKeyBody } from "../schemas/resources.js";

/** The contract's limit on keys per client. */
export const MAX_API_KEYS = 10;

const tags = ["Settings"];

export async function apiKeyRoutes(app: FastifyInstance): Promise<void> {
  const { platform } = app;

  app.get(
    "/apiKeys",
    {
      config: { auth: "apiKey", operationId: "list-api-keys" },
      schema: { tags, summary: "List API keys (values are never shown again)", response: responses({ 200: apiKeys }) },
    },
    async (request): Promise<ApiKeys> => {
      const records = await listApiKeys(platform.db, clientIdOf(request));
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
      const clientId = clientIdOf(request);
      if ((await countApiKeys(platform.db, clientId)) >= MAX_API_KEYS) {
        throw new ApiError(409, "Maximum number of API keys reached. To create a new API key, delete an unused key and try again.");
      }
      const { record, key } = await createApiKey(platform.db, clientId, { name: request.body?.name ?? null, now: platform.clock() });
      reply.code(201);
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
      if (!isUuid(apiKeyId) || !(await deleteApiKey(platform.db, clientIdOf(request), apiKeyId))) {
        throw notFound(`No API key was found with ID ${apiKeyId}`);
      }
      platform.forgetApiKeys();
      return reply.code(204).send();
    },
  );
}
