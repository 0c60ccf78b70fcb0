import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { getCorsSettings } from "../operations/settings.js";

/**
 * Get CORS settings: `GET /corsSettings`.
 *
 * Returns the allowed origins (i.e. your domains) the Connections UI may call the API from.
 *
 * @deprecated Use `settingsGet`, the official clients' name for this call.
 */
export function settingsGetCorsSettings(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return invoke(client, getCorsSettings, undefined, options);
}
