import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Companies } from "../models/companies.js";
import { ListCompaniesRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies",
  request: ListCompaniesRequest,
  response: Companies,
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy", "tags"],
});

/** List companies, a page at a time, filtered by `query` and `tags`. `GET /companies` */
export function companiesList(
  client: CodatPlatformCore,
  request: ListCompaniesRequest = {},
  options?: RequestOptions,
): Promise<Result<Companies, APIFailure>> {
  return invoke(client, spec, request, options);
}
