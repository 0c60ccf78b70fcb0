import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Branding } from "../models/integrations.js";
import { GetIntegrationsBrandingRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/branding",
  request: GetIntegrationsBrandingRequest,
  response: Branding,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
