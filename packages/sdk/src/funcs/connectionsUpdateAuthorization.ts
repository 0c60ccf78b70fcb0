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

/** Update a connection's authorization properties. `PUT /companies/{companyId}/connections/{connectionId}/authorization` */
export function connectionsUpdateAuthorization(
  client: CodatPlatformCore,
  request: UpdateConnectionAuthorizationRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  return invoke(client, spec, request, options);
}
