import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ApiKeyDetails, CreateApiKey } from "../models/settings.js";
import { createApiKey } from "../operations/settings.js";

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
  return invoke(client, createApiKey, request, options);
}
