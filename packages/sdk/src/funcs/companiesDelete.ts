import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteCompanyRequest } from "../models/requests.js";
import { deleteCompany } from "../operations/companies.js";

/**
 * Delete a company: `DELETE /companies/{companyId}`.
 *
 * Permanently deletes a company, its connections and any cached data. This operation is
 * irreversible.
 */
export function companiesDelete(
  client: CodatPlatformCore,
  request: DeleteCompanyRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, deleteCompany, request, options);
}
