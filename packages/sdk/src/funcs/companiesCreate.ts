import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { Company, CompanyRequestBody } from "../models/companies.js";
import { createCompany } from "../operations/companies.js";

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
  return invoke(client, createCompany, request, options);
}
