import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Companies } from "../models/companies.js";
import { listed } from "../models/paging.js";
import { ListCompaniesRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies",
  request: ListCompaniesRequest,
  response: listed(Companies),
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy", "tags"],
});

/**
 * List companies: `GET /companies`.
 *
 * Returns a page of the companies associated to your instance, filtered by `query` and `tags`
 * (`region=uk && team=invoice-finance`; operators `=`, `!=`, `~`) and ordered by `orderBy`. The
 * page's `links` lead to the next and previous pages.
 */
export function companiesList(
  client: CodatPlatformCore,
  request: ListCompaniesRequest = {},
  options?: RequestOptions,
): Promise<Result<Companies, APIFailure>> {
  return invoke(client, spec, request, options);
}
