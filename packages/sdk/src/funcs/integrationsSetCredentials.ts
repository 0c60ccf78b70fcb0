import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { PlatformCredentials } from "../models/platforms.js";
import { SetIntegrationCredentialsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/integrations/{platformKey}/credentials",
  request: SetIntegrationCredentialsRequest,
  response: PlatformCredentials,
  status: 200,
  errors: WITH_BAD_REQUEST,
  body: "setPlatformCredentials",
});

/**
 * Set (or replace) the client's app credentials at a platform; the secret is never returned.
 * Register the answer's `redirectUri` at the platform. `PUT /integrations/{platformKey}/credentials`
 */
export function integrationsSetCredentials(
  client: CodatPlatformCore,
  request: SetIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<PlatformCredentials, APIFailure>> {
  return invoke(client, spec, request, options);
}
