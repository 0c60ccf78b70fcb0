import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { WebhookConsumers } from "../models/webhooks.js";
import { listWebhookConsumers } from "../operations/webhooks.js";

/**
 * List webhook consumers: `GET /webhooks`.
 *
 * Returns all webhook consumers that currently exist for your client, without their secrets.
 */
export function webhooksListConsumers(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<WebhookConsumers, APIFailure>> {
  return invoke(client, listWebhookConsumers, undefined, options);
}
