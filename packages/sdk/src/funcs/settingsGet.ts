import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import type { APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { settingsGetCorsSettings } from "./settingsGetCorsSettings.js";

/**
 * Get CORS settings: `GET /corsSettings` (6.x's name).
 *
 * Returns the allowed origins (i.e. your domains) you want to allow cross-origin resource sharing
 * (CORS) with: the origins Codat's embeddable UIs, such as the Connections SDK, may call the API from.
 */
export function settingsGet(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return settingsGetCorsSettings(client, options);
}
