import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { getConnectionManagementCorsSettings } from "../operations/connection-management.js";

/**
 * Get CORS settings (old): `GET /connectionManagement/corsSettings`.
 *
 * Returns the allowed origins (i.e. your domains) the Connections UI may call the API from.
 *
 * @deprecated Use `settingsGet` (`GET /corsSettings`): the API deprecates this path.
 */
export function connectionManagementCorsSettingsGet(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return invoke(client, getConnectionManagementCorsSettings, undefined, options);
}
