import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Integration } from "../models/integrations.js";
import { GetIntegrationRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}",
  request: GetIntegrationRequest,
  response: Integration,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
