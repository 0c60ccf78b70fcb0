import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteApiKeyRequest } from "../models/requests.js";
import { deleteApiKey } from "../operations/settings.js";

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
  return invoke(client, deleteApiKey, request, options);
}
