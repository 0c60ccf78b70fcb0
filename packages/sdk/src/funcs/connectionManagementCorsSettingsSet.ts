import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { setConnectionManagementCorsSettings } from "../operations/connection-management.js";

/**
 * Set CORS settings (old): `POST /connectionManagement/corsSettings`.
 *
 * Registers the allowed origins (i.e. your domains) for use in cross-origin resource sharing
 * (CORS), replacing the list.
 *
 * @deprecated Use `settingsSet` (`POST /corsSettings`): the API deprecates this path.
 */
export function connectionManagementCorsSettingsSet(
  client: CodatPlatformCore,
  request: ConnectionManagementAllowedOrigins,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return invoke(client, setConnectionManagementCorsSettings, request, options);
}
