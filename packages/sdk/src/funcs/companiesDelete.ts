import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { DeleteCompanyRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/companies/{companyId}",
  request: DeleteCompanyRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
