import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { PlatformCredentials } from "../models/platforms.js";
import type { GetIntegrationCredentialsRequest } from "../models/requests.js";
import { getIntegrationCredentials } from "../operations/integrations.js";

/**
 * Get the app credentials set for a platform, without the secret (404 when none are set).
 * `GET /integrations/{platformKey}/credentials`
 */
export function integrationsGetCredentials(
  client: CodatPlatformCore,
  request: GetIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<PlatformCredentials, APIFailure>> {
  return invoke(client, getIntegrationCredentials, request, options);
}
