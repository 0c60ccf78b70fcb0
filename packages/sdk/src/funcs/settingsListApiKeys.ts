import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ApiKeys } from "../models/settings.js";
import { listApiKeys } from "../operations/settings.js";

/**
 * List API keys: `GET /apiKeys`.
 *
 * Returns all API keys that currently exist for your client, without their values.
 */
export function settingsListApiKeys(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ApiKeys, APIFailure>> {
  return invoke(client, listApiKeys, undefined, options);
}
