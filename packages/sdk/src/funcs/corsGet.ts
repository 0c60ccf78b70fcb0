import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import type { APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { connectionManagementCorsSettingsGet } from "./connectionManagementCorsSettingsGet.js";

/**
 * Get CORS settings (old): `GET /connectionManagement/corsSettings` (6.x's name).
 *
 * Returns the allowed origins (i.e. your domains) the Connections UI may call the API from.
 *
 * @deprecated Use `settingsGet` (`GET /corsSettings`): the API deprecates this path.
 */
export function corsGet(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAllowedOrigins, APIFailure>> {
  return connectionManagementCorsSettingsGet(client, options);
}
