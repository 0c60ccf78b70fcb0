import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Connections } from "../models/connections.js";
import type { ListConnectionsRequest } from "../models/requests.js";
import { listConnections } from "../operations/connections.js";

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
  return invoke(client, listConnections, request, options);
}
