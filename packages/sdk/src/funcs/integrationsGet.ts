import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Integration } from "../models/integrations.js";
import type { GetIntegrationRequest } from "../models/requests.js";
import { getIntegration } from "../operations/integrations.js";

/**
 * Get integration: `GET /integrations/{platformKey}`.
 *
 * Gets a single integration, by `platformKey`.
 */
export function integrationsGet(
  client: CodatPlatformCore,
  request: GetIntegrationRequest,
  options?: RequestOptions,
): Promise<Result<Integration, APIFailure>> {
  return invoke(client, getIntegration, request, options);
}
