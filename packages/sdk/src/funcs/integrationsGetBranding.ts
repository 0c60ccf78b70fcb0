import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Branding } from "../models/integrations.js";
import type { GetIntegrationsBrandingRequest } from "../models/requests.js";
import { getIntegrationsBranding } from "../operations/integrations.js";

/**
 * Get branding: `GET /integrations/{platformKey}/branding`.
 *
 * Gets the branding (logos and buttons) of a platform.
 */
export function integrationsGetBranding(
  client: CodatPlatformCore,
  request: GetIntegrationsBrandingRequest,
  options?: RequestOptions,
): Promise<Result<Branding, APIFailure>> {
  return invoke(client, getIntegrationsBranding, request, options);
}
