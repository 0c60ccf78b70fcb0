import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Company } from "../models/companies.js";
import type { ReplaceCompanyRequest } from "../models/requests.js";
import { replaceCompany } from "../operations/companies.js";

/**
 * Replace company: `PUT /companies/{companyId}`.
 *
 * Replaces the existing name, description, and tags of the company: values left out of the body
 * are cleared.
 */
export function companiesReplace(
  client: CodatPlatformCore,
  request: ReplaceCompanyRequest,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  return invoke(client, replaceCompany, request, options);
}
