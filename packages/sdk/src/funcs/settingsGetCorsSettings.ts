import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { ConnectionManagementAllowedOrigins } from "../models/settings.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/corsSettings",
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, undefined, options);
}
