import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connection } from "../models/connections.js";
import { CreateConnectionRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "POST",
  path: "/companies/{companyId}/connections",
  request: CreateConnectionRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "requestBody",
});

/**
 * Create connection: `POST /companies/{companyId}/connections`.
 *
 * Creates a connection for the company by providing a valid `platformKey`; its `linkUrl` is where
 * the company's owner authorizes it.
 */
export function connectionsCreate(
  client: CodatPlatformCore,
  request: CreateConnectionRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  return invoke(client, spec, request, options);
}
