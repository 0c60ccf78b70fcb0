import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { DeleteWebhookConsumerRequest } from "../models/requests.js";
import type { WebhookConsumer, WebhookConsumerPrototype, WebhookConsumers } from "../models/webhooks.js";
import { createWebhookConsumer, deleteWebhookConsumer, listWebhookConsumers } from "../operations/webhooks.js";

/** Webhook consumers on `/webhooks`. (Verifying a delivery: `@codat/platform/webhooks`.) */
export class Webhooks {
  constructor(private readonly client: CodatPlatformCore) {}

  /** List webhook consumers: `GET /webhooks`. Every consumer of your client, without its secret. */
  listConsumers(options?: RequestOptions): Promise<WebhookConsumers> {
    return unwrap(invoke(this.client, listWebhookConsumers, undefined, options));
  }

  /**
   * Create webhook consumer: `POST /webhooks`. An HTTP endpoint (`url`) that receives the
   * events of `eventTypes`; its signing `secret` is returned this once.
   */
  createConsumer(request: WebhookConsumerPrototype, options?: RequestOptions): Promise<WebhookConsumer> {
    return unwrap(invoke(this.client, createWebhookConsumer, request, options));
  }

  /** Delete webhook consumer: `DELETE /webhooks/{webhookId}`. */
  deleteConsumer(request: DeleteWebhookConsumerRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteWebhookConsumer, request, options));
  }
}
