import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import type { APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import type { ConnectionManagementAccessToken } from "../models/tokens.js";
import { connectionManagementGetAccessToken } from "./connectionManagementGetAccessToken.js";

/**
 * Get access token (old): `GET /companies/{companyId}/connectionManagement/accessToken` (6.x's name).
 *
 * Returns a new access token for the Connections SDK, valid for one hour and for a single company.
 *
 * @deprecated Use `companiesGetAccessToken` (`GET /companies/{companyId}/accessToken`, valid one day): the API deprecates this endpoint.
 */
export function connectionManagementGet(
  client: CodatPlatformCore,
  request: GetConnectionManagementAccessTokenRequest,
  options?: RequestOptions,
): Promise<Result<ConnectionManagementAccessToken, APIFailure>> {
  return connectionManagementGetAccessToken(client, request, options);
}
