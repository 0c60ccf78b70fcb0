import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import type { ConnectionManagementAccessToken } from "../models/tokens.js";
import { getConnectionManagementAccessToken } from "../operations/connection-management.js";

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
  return invoke(client, getConnectionManagementAccessToken, request, options);
}
