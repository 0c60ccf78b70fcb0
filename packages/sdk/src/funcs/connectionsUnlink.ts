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

/** Unlink a connection (status `Unlinked`); data already fetched is kept. `PATCH /companies/{companyId}/connections/{connectionId}` */
export function connectionsUnlink(
  client: CodatPlatformCore,
  request: UnlinkConnectionRequest,
  options?: RequestOptions,
): Promise<Result<Connection, APIFailure>> {
  return invoke(client, spec, request, options);
}
