import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connection } from "../models/connections.js";
import { GetConnectionRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections/{connectionId}",
  request: GetConnectionRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
