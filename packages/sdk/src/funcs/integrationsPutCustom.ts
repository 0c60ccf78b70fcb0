import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Integration } from "../models/integrations.js";
import type { PutCustomIntegrationRequest } from "../models/requests.js";
import { putCustomIntegration } from "../operations/integrations.js";

/**
 * Add or replace a generic OAuth 2.0 platform of the client's own (409 for a built-in key).
 * `PUT /integrations/{platformKey}`
 */
export function integrationsPutCustom(
  client: CodatPlatformCore,
  request: PutCustomIntegrationRequest,
  options?: RequestOptions,
): Promise<Result<Integration, APIFailure>> {
  return invoke(client, putCustomIntegration, request, options);
}
