import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connection } from "../models/connections.js";
import { UpdateConnectionAuthorizationRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/companies/{companyId}/connections/{connectionId}/authorization",
  request: UpdateConnectionAuthorizationRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "requestBody",
});

/**
 * Update authorization: `PUT /companies/{companyId}/connections/{connectionId}/authorization`.
 *
 * Updates a data connection's authorization: the credentials of a credential-based platform.
 * Without `requestBody`, an empty set of credentials (`{}`) is sent.
 */
export function connectionsUpdateAuthorization(
  client: CodatPlatformCore,
  request: UpdateConnectionAuthorizationRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  // 4.x's docs call it without a body; the body is a map of credential fields, so none is `{}`.
  const body = request?.requestBody === undefined ? { ...request, requestBody: {} } : request;
  return invoke(client, spec, body, options);
}
