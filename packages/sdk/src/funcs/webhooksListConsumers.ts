import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { WebhookConsumers } from "../models/webhooks.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/webhooks",
  response: WebhookConsumers,
  status: 200,
  errors: WITH_BAD_REQUEST,
});

/**
 * List webhook consumers: `GET /webhooks`.
 *
 * Returns all webhook consumers that currently exist for your client, without their secrets.
 */
export function webhooksListConsumers(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<WebhookConsumers, APIFailure>> {
  return invoke(client, spec, undefined, options);
}
