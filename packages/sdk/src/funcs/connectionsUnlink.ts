import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connection } from "../models/connections.js";
import { UnlinkConnectionRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PATCH",
  path: "/companies/{companyId}/connections/{connectionId}",
  request: UnlinkConnectionRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "updateConnectionStatus",
});

const UNLINKED = { status: "Unlinked" } as const;

/**
 * Unlink connection: `PATCH /companies/{companyId}/connections/{connectionId}`.
 *
 * Deauthorizes a connection without deleting it: data already pulled stays viewable, and the
 * connection can be authorized again later. Without `updateConnectionStatus`, `{ status:
 * "Unlinked" }` is sent.
 */
export function connectionsUnlink(
  client: CodatPlatformCore,
  request: UnlinkConnectionRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  // A bare unlink (as 4.x's docs call it) means the one status this call may set.
  const body = request?.updateConnectionStatus === undefined ? { ...request, updateConnectionStatus: UNLINKED } : request;
  return invoke(client, spec, body, options);
}
