import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Integrations } from "../models/integrations.js";
import { listed } from "../models/paging.js";
import { ListIntegrationsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations",
  request: ListIntegrationsRequest,
  response: listed(Integrations),
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy"],
});

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
  return invoke(client, spec, request, options);
}
