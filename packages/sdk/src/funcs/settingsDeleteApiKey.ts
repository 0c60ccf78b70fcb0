import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { DeleteApiKeyRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/apiKeys/{apiKeyId}",
  request: DeleteApiKeyRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/**
 * Delete API key: `DELETE /apiKeys/{apiKeyId}`.
 *
 * Deletes an existing API key, given its `id`. This operation is not reversible.
 */
export function settingsDeleteApiKey(
  client: CodatPlatformCore,
  request: DeleteApiKeyRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, spec, request, options);
}
