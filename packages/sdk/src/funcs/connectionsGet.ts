import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Connection } from "../models/connections.js";
import type { GetConnectionRequest } from "../models/requests.js";
import { getConnection } from "../operations/connections.js";

/**
 * Get connection: `GET /companies/{companyId}/connections/{connectionId}`.
 *
 * Returns a specific connection for a company when valid identifiers are provided; a deleted
 * company or connection is not found.
 */
export function connectionsGet(
  client: CodatPlatformCore,
  request: GetConnectionRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  return invoke(client, getConnection, request, options);
}
