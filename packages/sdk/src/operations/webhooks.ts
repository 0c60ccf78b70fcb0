// The operations on webhook consumers, as data (see lib/operation.ts): the standalone functions and
// the resource class both run them through `invoke`.
import { operation, STANDARD_ERRORS, WITH_BAD_REQUEST } from "../lib/operation.js";
import { DeleteWebhookConsumerRequest } from "../models/requests.js";
import { WebhookConsumer, WebhookConsumerPrototype, WebhookConsumers } from "../models/webhooks.js";

/** Create webhook consumer: `POST /webhooks`. */
export const createWebhookConsumer = /* @__PURE__ */ operation({
  method: "POST",
  path: "/webhooks",
  request: WebhookConsumerPrototype,
  response: WebhookConsumer,
  status: 201,
  errors: WITH_BAD_REQUEST,
  body: "request",
});

/** Delete webhook consumer: `DELETE /webhooks/{webhookId}`. */
export const deleteWebhookConsumer = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/webhooks/{webhookId}",
  request: DeleteWebhookConsumerRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/** List webhook consumers: `GET /webhooks`. */
export const listWebhookConsumers = /* @__PURE__ */ operation({
  method: "GET",
  path: "/webhooks",
  response: WebhookConsumers,
  status: 200,
  errors: WITH_BAD_REQUEST,
});
