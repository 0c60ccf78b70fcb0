import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import type { APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { connectionManagementCorsSettingsSet } from "./connectionManagementCorsSettingsSet.js";

/**
 * Set CORS settings (old): `POST /connectionManagement/corsSettings` (6.x's name).
 *
 * Registers the allowed origins (i.e. your domains) for use in cross-origin resource sharing
 * (CORS), replacing the list.
 *
 * @deprecated Use `settingsSet` (`POST /corsSettings`): the API deprecates this path.
 */
export function corsSet(
  client: CodatPlatformCore,
  request: ConnectionManagementAllowedOrigins,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return connectionManagementCorsSettingsSet(client, request, options);
}
