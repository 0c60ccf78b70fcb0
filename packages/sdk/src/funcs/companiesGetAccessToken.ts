import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { GetCompanyAccessTokenRequest } from "../models/requests.js";
import { CompanyAccessToken } from "../models/tokens.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/accessToken",
  request: GetCompanyAccessTokenRequest,
  response: CompanyAccessToken,
  status: 200,
  errors: STANDARD_ERRORS,
});

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
  return invoke(client, spec, request, options);
}
