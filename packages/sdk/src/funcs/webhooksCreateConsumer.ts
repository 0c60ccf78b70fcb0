import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { WebhookConsumer, WebhookConsumerPrototype } from "../models/webhooks.js";
import { createWebhookConsumer } from "../operations/webhooks.js";

/**
 * Create webhook consumer: `POST /webhooks`.
 *
 * Creates a webhook consumer: an HTTP endpoint that receives the events of the `eventTypes` it
 * subscribes to. Its signing secret is returned in this answer only.
 */
export function webhooksCreateConsumer(
  client: CodatPlatformCore,
  request: WebhookConsumerPrototype,
  options?: RequestOptions,
): Promise<Result<WebhookConsumer, APIFailure>> {
  return invoke(client, createWebhookConsumer, request, options);
}
