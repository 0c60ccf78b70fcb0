import type { CodatPlatformCore } from "../core.js";
import { operation } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { ApiKeyDetails, CreateApiKey } from "../models/settings.js";

const spec = /* @__PURE__ */ operation({
  method: "POST",
  path: "/apiKeys",
  request: CreateApiKey,
  response: ApiKeyDetails,
  status: 201,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
  body: "request",
});

/**
 * Create API key: `POST /apiKeys`.
 *
 * Generates a new API key for your client; its value is returned in this answer only.
 */
export function settingsCreateApiKey(
  client: CodatPlatformCore,
  request: CreateApiKey = {},
  options?: RequestOptions,
): Promise<Result<ApiKeyDetails, APIFailure>> {
  return invoke(client, spec, request, options);
}
