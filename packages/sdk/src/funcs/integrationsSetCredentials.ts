import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { PlatformCredentials } from "../models/platforms.js";
import type { SetIntegrationCredentialsRequest } from "../models/requests.js";
import { setIntegrationCredentials } from "../operations/integrations.js";

/**
 * Set (or replace) the client's app credentials at a platform; the secret is never returned.
 * Register the answer's `redirectUri` at the platform. `PUT /integrations/{platformKey}/credentials`
 */
export function integrationsSetCredentials(
  client: CodatPlatformCore,
  request: SetIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<PlatformCredentials, APIFailure>> {
  return invoke(client, setIntegrationCredentials, request, options);
}
