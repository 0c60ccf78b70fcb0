import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Connections } from "../models/connections.js";
import { ListConnectionsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections",
  request: ListConnectionsRequest,
  response: Connections,
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy"],
});

/** List a company's connections. `GET /companies/{companyId}/connections` */
export function connectionsList(
  client: CodatPlatformCore,
  request: ListConnectionsRequest,
  options?: RequestOptions,
): Promise<Result<Connections, APIFailure>> {
  return invoke(client, spec, request, options);
}
