import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Integrations } from "../models/integrations.js";
import type { ListIntegrationsRequest } from "../models/requests.js";
import { listIntegrations } from "../operations/integrations.js";

/**
 * List integrations: `GET /integrations`.
 *
 * Lists your available integrations, a page at a time.
 */
export function integrationsList(
  client: CodatPlatformCore,
  request: ListIntegrationsRequest = {},
  options?: RequestOptions,
): Promise<Result<Integrations, APIFailure>> {
  return invoke(client, listIntegrations, request, options);
}
