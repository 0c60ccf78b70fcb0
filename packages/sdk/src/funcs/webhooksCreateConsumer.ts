import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { WebhookConsumer, WebhookConsumerPrototype } from "../models/webhooks.js";

const spec = /* @__PURE__ */ operation({
  method: "POST",
  path: "/webhooks",
  request: WebhookConsumerPrototype,
  response: WebhookConsumer,
  status: 201,
  errors: WITH_BAD_REQUEST,
  body: "request",
});

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
  return invoke(client, spec, request, options);
}
