import type { CodatPlatformCore } from "../core.js";
import { webhooksCreateConsumer } from "../funcs/webhooksCreateConsumer.js";
import { webhooksDeleteConsumer } from "../funcs/webhooksDeleteConsumer.js";
import { webhooksListConsumers } from "../funcs/webhooksListConsumers.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type { DeleteWebhookConsumerRequest } from "../models/requests.js";
import type { WebhookConsumer, WebhookConsumerPrototype, WebhookConsumers } from "../models/webhooks.js";

/** Webhook consumers on `/webhooks`. (Verifying a delivery: `@codat/platform/webhooks`.) */
export class Webhooks {
  constructor(private readonly client: CodatPlatformCore) {}

  /** List webhook consumers: `GET /webhooks`. Every consumer of your client, without its secret. */
  listConsumers(options?: RequestOptions): Promise<WebhookConsumers> {
    return unwrap(webhooksListConsumers(this.client, options));
  }

  /**
   * Create webhook consumer: `POST /webhooks`. An HTTP endpoint (`url`) that receives the
   * events of `eventTypes`; its signing `secret` is returned this once.
   */
  createConsumer(request: WebhookConsumerPrototype, options?: RequestOptions): Promise<WebhookConsumer> {
    return unwrap(webhooksCreateConsumer(this.client, request, options));
  }

  /** Delete webhook consumer: `DELETE /webhooks/{webhookId}`. */
  deleteConsumer(request: DeleteWebhookConsumerRequest, options?: RequestOptions): Promise<void> {
    return unwrap(webhooksDeleteConsumer(this.client, request, options));
  }
}
