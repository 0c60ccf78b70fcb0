import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { PlatformCredentials } from "../models/platforms.js";
import { GetIntegrationCredentialsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/credentials",
  request: GetIntegrationCredentialsRequest,
  response: PlatformCredentials,
  status: 200,
  errors: STANDARD_ERRORS,
});

/**
 * Get the app credentials set for a platform, without the secret (404 when none are set).
 * `GET /integrations/{platformKey}/credentials`
 */
export function integrationsGetCredentials(
  client: CodatPlatformCore,
  request: GetIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<PlatformCredentials, APIFailure>> {
  return invoke(client, spec, request, options);
}
