import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { setCorsSettings } from "../operations/settings.js";

/**
 * Set CORS settings: `POST /corsSettings`.
 *
 * Registers the allowed origins (i.e. your domains) for use in cross-origin resource sharing
 * (CORS), replacing the list.
 *
 * @deprecated Use `settingsSet`, the official clients' name for this call.
 */
export function settingsSetCorsSettings(
  client: CodatPlatformCore,
  request: ConnectionManagementAllowedOrigins,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return invoke(client, setCorsSettings, request, options);
}
