import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { ConnectionManagementAllowedOrigins } from "../models/settings.js";

const spec = /* @__PURE__ */ operation({
  method: "POST",
  path: "/connectionManagement/corsSettings",
  request: ConnectionManagementAllowedOrigins,
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "request",
});

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
  return invoke(client, spec, request, options);
}
