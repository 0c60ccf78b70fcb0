import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { DeleteWebhookConsumerRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/webhooks/{webhookId}",
  request: DeleteWebhookConsumerRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
