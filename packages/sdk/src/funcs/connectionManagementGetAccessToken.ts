import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import { ConnectionManagementAccessToken } from "../models/tokens.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connectionManagement/accessToken",
  request: GetConnectionManagementAccessTokenRequest,
  response: ConnectionManagementAccessToken,
  status: 200,
  errors: STANDARD_ERRORS,
});

/**
 * Get access token (old): `GET /companies/{companyId}/connectionManagement/accessToken`.
 *
 * Returns a new access token for the Connections SDK, valid for one hour and for a single company.
 *
 * @deprecated Use `companiesGetAccessToken` (`GET /companies/{companyId}/accessToken`, valid one day): the API deprecates this endpoint.
 */
export function connectionManagementGetAccessToken(
  client: CodatPlatformCore,
  request: GetConnectionManagementAccessTokenRequest,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAccessToken, APIFailure>> {
  return invoke(client, spec, request, options);
}
