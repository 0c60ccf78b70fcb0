import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Company } from "../models/companies.js";
import { UpdateCompanyRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PATCH",
  path: "/companies/{companyId}",
  request: UpdateCompanyRequest,
  response: Company,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "companyUpdateRequest",
});

/** Update some of a company's fields. `PATCH /companies/{companyId}` */
export function companiesUpdate(
  client: CodatPlatformCore,
  request: UpdateCompanyRequest,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  return invoke(client, spec, request, options);
}
