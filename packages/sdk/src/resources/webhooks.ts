import type { CodatPlatformCore } from "../core.js";
import { webhooksCreateConsumer } from "../funcs/webhooksCreateConsumer.js";
import { webhooksDeleteConsumer } from "../funcs/webhooksDeleteConsumer.js";
import { webhooksListConsumers } from "../funcs/webhooksListConsumers.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type { DeleteWebhookConsumerRequest } from "../models/requests.js";
import type { WebhookConsumerPrototype } from "../models/webhooks.js";

/** Webhook consumers on `/webhooks`. (Verifying a delivery: `@codat/platform/webhooks`.) */
export class Webhooks {
  constructor(private readonly client: CodatPlatformCore) {}

  listConsumers(options?: RequestOptions) {
    return unwrap(webhooksListConsumers(this.client, options));
  }
  createConsumer(request: WebhookConsumerPrototype = {}, options?: RequestOptions) {
    return unwrap(webhooksCreateConsumer(this.client, request, options));
  }
  deleteConsumer(request: DeleteWebhookConsumerRequest, options?: RequestOptions) {
    return unwrap(webhooksDeleteConsumer(this.client, request, options));
  }
}
