import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteWebhookConsumerRequest } from "../models/requests.js";
import { deleteWebhookConsumer } from "../operations/webhooks.js";

/**
 * Delete webhook consumer: `DELETE /webhooks/{webhookId}`.
 *
 * Deletes an existing webhook consumer, given its `id`.
 */
export function webhooksDeleteConsumer(
  client: CodatPlatformCore,
  request: DeleteWebhookConsumerRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, deleteWebhookConsumer, request, options);
}
