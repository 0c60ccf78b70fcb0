import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { GetCompanyAccessTokenRequest } from "../models/requests.js";
import type { CompanyAccessToken } from "../models/tokens.js";
import { getCompanyAccessToken } from "../operations/companies.js";

/**
 * Get company access token: `GET /companies/{companyId}/accessToken`.
 *
 * Returns an access token for the specified company ID. The token is valid for one day and applies
 * to that company only; Codat's embeddable UIs (such as the Connections SDK) use it to verify the
 * identity of the user.
 */
export function companiesGetAccessToken(
  client: CodatPlatformCore,
  request: GetCompanyAccessTokenRequest,
  options?: RequestOptions,
): Promise<Result<CompanyAccessToken, APIFailure>> {
  return invoke(client, getCompanyAccessToken, request, options);
}
