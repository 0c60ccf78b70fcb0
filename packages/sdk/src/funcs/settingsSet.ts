import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import type { APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { settingsSetCorsSettings } from "./settingsSetCorsSettings.js";

/**
 * Set CORS settings: `POST /corsSettings` (6.x's name).
 *
 * Registers the allowed origins (i.e. your domains) for use in cross-origin resource sharing
 * (CORS), replacing the list: Codat's embeddable UIs, such as the Connections SDK, need it.
 */
export function settingsSet(
  client: CodatPlatformCore,
  request: ConnectionManagementAllowedOrigins,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return settingsSetCorsSettings(client, request, options);
}
