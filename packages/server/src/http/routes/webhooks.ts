// The contract's webhook consumer endpoints: GET/POST /webhooks, DELETE /webhooks/{webhookId}.
// Per client (API key). The signing secret is in the 201 answer only (`secret`): it is
// stored sealed and never listed.
import type { WebhookConsumer } from "@codat/platform/models";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../errors.js";
import { clientIdOf } from "../plugins/auth.js";
import { pathId, responses } from "../schemas/common.js";
import { createdWebhookConsumer as createdConsumer, webhookConsumer, webhookConsumerPrototype as consumerPrototype } from "../schemas/resources.js";
import { isUuid } from "../../storage/ids.js";
import { createWebhookConsumer, deleteWebhookConsumer } from "../../services/webhook-consumers.js";
import { listConsumers, type ConsumerRecord } from "../../webhooks/consumers.js";

const tags = ["Webhooks"];

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

export async function webhookConsumerRoutes(app: FastifyInstance): Promise<void> {
  const { context } = app;

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
    async (request) => ({ results: (await listConsumers(context.db, clientIdOf(request))).map(toWire) }),
  );

  app.post<{ Body: ConsumerPrototype }>(
    "/webhooks",
    {
      config: { auth: "apiKey", operationId: "create-webhook-consumer" },
      schema: createSchema,
    },
    async (request, reply) => {
      const body = request.body;
      const { consumer, secret } = await createWebhookConsumer(context, clientIdOf(request), {
        url: body.url,
        eventTypes: [...new Set(body.eventTypes ?? [])],
        disabled: body.disabled ?? false,
        companyId: body.companyId ?? null,
        companyTags: body.companyTags ?? null,
      });
      // The signing secret is a credential: no cache may keep this answer.
      return reply.code(201).header("cache-control", "no-store").send({ ...toWire(consumer), secret });
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
      if (!isUuid(webhookId) || !(await deleteWebhookConsumer(context, clientIdOf(request), webhookId))) {
        throw notFound(`No webhook consumer was found with ID ${webhookId}`);
      }
      return reply.code(204).send();
    },
  );
}
