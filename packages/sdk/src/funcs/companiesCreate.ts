import type { CodatPlatformCore } from "../core.js";
import { operation, WITH_BAD_REQUEST } from "../lib/operation.js";
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
  errors: WITH_BAD_REQUEST,
  body: "request",
});

/**
 * Create company: `POST /companies`.
 *
 * Creates a company that represents your customer: give it a `name` (and optionally a
 * `description` and `tags`); its `id` is generated.
 */
export function companiesCreate(
  client: CodatPlatformCore,
  request: CompanyRequestBody,
  options?: RequestOptions,
): Promise<Result<Company, APIFailure>> {
  return invoke(client, spec, request, options);
}
