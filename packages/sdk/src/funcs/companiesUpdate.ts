import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Company } from "../models/companies.js";
import { UpdateCompanyRequest } from "../models/requests.js";

const patch = /* @__PURE__ */ operation({
  method: "PATCH",
  path: "/companies/{companyId}",
  request: UpdateCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "companyUpdateRequest",
});

/** 4.x's `update`: the whole company, `PUT`, as `companiesReplace` sends it. */
const put = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/companies/{companyId}",
  request: UpdateCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "companyRequestBody",
});

/**
 * Update company: `PATCH /companies/{companyId}`.
 *
 * Updates the name, description, or tags of the company: fields that are `null` or not provided
 * are left as they are. (4.x's form, with `companyRequestBody`, replaces the company as 4.x did:
 * `PUT`.)
 */
export function companiesUpdate(
  client: CodatPlatformCore,
  request: UpdateCompanyRequest,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  const replaces = request?.companyRequestBody !== undefined && request.companyUpdateRequest === undefined;
  return invoke(client, replaces ? put : patch, request, options);
}
