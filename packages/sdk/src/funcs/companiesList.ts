import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Companies } from "../models/companies.js";
import type { ListCompaniesRequest } from "../models/requests.js";
import { listCompanies } from "../operations/companies.js";

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
  return invoke(client, listCompanies, request, options);
}
