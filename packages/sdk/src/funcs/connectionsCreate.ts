import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Connection } from "../models/connections.js";
import type { CreateConnectionRequest } from "../models/requests.js";
import { createConnection } from "../operations/connections.js";

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
  return invoke(client, createConnection, request, options);
}
