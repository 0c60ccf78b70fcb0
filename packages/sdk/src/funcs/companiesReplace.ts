import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Company } from "../models/companies.js";
import { ReplaceCompanyRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/companies/{companyId}",
  request: ReplaceCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "companyRequestBody",
});

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
  return invoke(client, spec, request, options);
}
