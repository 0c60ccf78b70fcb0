import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connections } from "../models/connections.js";
import { listed } from "../models/paging.js";
import { ListConnectionsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections",
  request: ListConnectionsRequest,
  response: listed(Connections),
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy"],
});

/**
 * List connections: `GET /companies/{companyId}/connections`.
 *
 * Returns a page of the connections of a company. The page's `links` lead to the next and previous
 * pages.
 */
export function connectionsList(
  client: CodatPlatformCore,
  request: ListConnectionsRequest,
  options?: RequestOptions,
): Promise<Result<Connections, APIFailure>> {
  return invoke(client, spec, request, options);
}
