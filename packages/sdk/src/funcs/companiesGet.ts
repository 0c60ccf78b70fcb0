import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Company } from "../models/companies.js";
import { GetCompanyRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}",
  request: GetCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
