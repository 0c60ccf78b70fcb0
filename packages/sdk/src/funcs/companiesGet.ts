import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Company } from "../models/companies.js";
import type { GetCompanyRequest } from "../models/requests.js";
import { getCompany } from "../operations/companies.js";

/**
 * Get company: `GET /companies/{companyId}`.
 *
 * Returns a single company for a given `companyId`, with its data connections.
 */
export function companiesGet(
  client: CodatPlatformCore,
  request: GetCompanyRequest,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  return invoke(client, getCompany, request, options);
}
