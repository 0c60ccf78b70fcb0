import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Company, CompanyRequestBody } from "../models/companies.js";

const spec = /* @__PURE__ */ operation({
  method: "POST",
  path: "/companies",
  request: CompanyRequestBody,
  response: Company,
  status: 200,
  errors: [...STANDARD_ERRORS, 400],
  body: "request",
});

/** Create a company. `POST /companies` */
export function companiesCreate(
  client: CodatPlatformCore,
  request: CompanyRequestBody,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  return invoke(client, spec, request, options);
}
