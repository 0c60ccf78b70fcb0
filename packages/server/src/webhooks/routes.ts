// The contract's webhook consumer endpoints: GET/POST /webhooks, DELETE /webhooks/{webhookId}.
// Per client (API key). The signing secret is in the 201 answer only (`secret`): it is
// stored sealed and never listed.
import type { WebhookConsumer } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { ApiError, badRequest, notFound } from "../http/errors.js";
import { clientIdOf } from "../http/plugins/auth.js";
import { pathId, responses, uuid } from "../http/schemas/common.js";
import { isUuid } from "../storage/ids.js";
import type { SecretBox } from "../tokens/secret-box.js";
import {
  ConsumerLimitError,
  createConsumer,
  deleteConsumer,
  listConsumers,
  type ConsumerRecord,
} from "./consumers.js";
import { checkConsumerUrl } from "./url-guard.js";

const tags = ["Webhooks"];

const consumerProperties = {
  id: uuid,
  url: { type: "string", format: "uri" },
  disabled: { type: ["boolean", "null"] },
  eventTypes: { type: "array", items: { type: "string" } },
  companyTags: { type: ["array", "null"], items: { type: "string" } },
  companyId: { type: ["string", "null"], format: "uuid" },
} as const;

const webhookConsumer = { type: "object", properties: consumerProperties } as const;
const createdConsumer = {
  type: "object",
  properties: {
    ...consumerProperties,
    secret: { type: "string", description: "Signing secret (whsec_...); returned once, at creation." },
  },
} as const;

const consumerPrototype = {
  type: "object",
  required: ["url"],
  properties: {
    url: { type: "string", minLength: 1, maxLength: 2048 },
    disabled: { type: ["boolean", "null"] },
    eventTypes: { type: "array", maxItems: 50, items: { type: "string", minLength: 1, maxLength: 128 } },
    companyTags: {
      type: ["array", "null"],
      maxItems: 10,
      items: { type: "string", maxLength: 128, pattern: "^[^:]+:.*$" },
    },
    companyId: { type: ["string", "null"], format: "uuid" },
  },
} as const;

// Declared apart from the route calls: with an explicit route generic, Fastify's schema type
// has no room for the OpenAPI-only `tags` / `summary`.
const createSchema = {
  tags,
  summary: "Create webhook consumer",
  body: consumerPrototype,
  response: responses({ 201: createdConsumer }),
};

const deleteSchema = {
  tags,
  summary: "Delete webhook consumer",
  params: {
    type: "object",
    required: ["webhookId"],
    properties: { webhookId: pathId("Unique identifier for the webhook consumer.") },
  },
  response: responses({ 204: { type: "null" } }),
};

interface ConsumerPrototype {
  url: string;
  disabled?: boolean | null;
  eventTypes?: string[];
  companyTags?: string[] | null;
  companyId?: string | null;
}

function toWire(record: ConsumerRecord): WebhookConsumer {
  return {
    id: record.id,
    url: record.url,
    disabled: record.disabled,
    eventTypes: record.eventTypes,
    companyTags: record.companyTags,
    companyId: record.companyId,
  };
}

const invalid = (itemId: string, message: string) =>
  badRequest(message, [{ itemId, message, validatorName: "webhookConsumer" }]);

export async function webhookConsumerRoutes(app: FastifyInstance, box: SecretBox): Promise<void> {
  const { platform } = app;

  app.get(
    "/webhooks",
    {
      config: { auth: "apiKey", operationId: "list-webhook-consumers" },
      schema: {
        tags,
        summary: "List webhook consumers",
        response: responses({ 200: { type: "object", properties: { results: { type: "array", items: webhookConsumer } } } }),
      },
    },
    async (request) => ({ results: (await listConsumers(platform.db, clientIdOf(request))).map(toWire) }),
  );

  app.post<{ Body: ConsumerPrototype }>(
    "/webhooks",
    {
      config: { auth: "apiKey", operationId: "create-webhook-consumer" },
      schema: createSchema,
    },
    async (request, reply) => {
      const clientId = clientIdOf(request);
      const body = request.body;
      const urlProblem = await checkConsumerUrl(body.url, platform.config.webhookAllowPrivateUrls);
      if (urlProblem) throw invalid("body.url", urlProblem);
      const companyId = body.companyId ?? null;
      if (companyId !== null && !(await platform.companyExists(clientId, companyId))) {
        throw invalid("body.companyId", `No company was found with ID ${companyId}`);
      }
      try {
        const { consumer, secret } = await createConsumer(
          platform.db,
          platform.dialect,
          clientId,
          {
            url: body.url,
            eventTypes: [...new Set(body.eventTypes ?? [])],
            disabled: body.disabled ?? false,
            companyId,
            companyTags: body.companyTags ?? null,
          },
          platform.clock(),
          (plain) => box.seal(Buffer.from(plain, "utf8")),
        );
        // The signing secret is a credential: no cache may keep this answer.
        return reply.code(201).header("cache-control", "no-store").send({ ...toWire(consumer), secret });
      } catch (error) {
        if (error instanceof ConsumerLimitError) throw new ApiError(400, error.message);
        throw error;
      }
    },
  );

  app.delete<{ Params: { webhookId: string } }>(
    "/webhooks/:webhookId",
    {
      config: { auth: "apiKey", operationId: "delete-webhook-consumer" },
      schema: deleteSchema,
    },
    async (request, reply) => {
      const { webhookId } = request.params;
      if (!isUuid(webhookId) || !(await deleteConsumer(platform.db, clientIdOf(request), webhookId))) {
        throw notFound(`No webhook consumer was found with ID ${webhookId}`);
      }
      return reply.code(204).send();
    },
  );
}
