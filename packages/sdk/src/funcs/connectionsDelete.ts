import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteConnectionRequest } from "../models/requests.js";
import { deleteConnection } from "../operations/connections.js";

/**
 * Delete connection: `DELETE /companies/{companyId}/connections/{connectionId}`.
 *
 * Revokes and removes a connection from a company. This operation is not reversible: the end user
 * would need to authorize a new data connection.
 */
export function connectionsDelete(
  client: CodatPlatformCore,
  request: DeleteConnectionRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, deleteConnection, request, options);
}
