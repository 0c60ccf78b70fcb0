import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import type { ConnectionManagementAccessToken } from "../models/tokens.js";
import { CorsSettings } from "./cors-settings.js";
import { getConnectionManagementAccessToken } from "../operations/connection-management.js";

/**
 * Configure UI and retrieve access tokens for authentication used by the Connections SDK: the
 * 4.x names (`getAccessToken`, `corsSettings`) and 6.x's (`get`). The API deprecates these
 * endpoints for `companies.getAccessToken` and `settings.get` / `settings.set`.
 */
export class ConnectionManagement {
  private cors?: CorsSettings;
  constructor(private readonly client: CodatPlatformCore) {}

  /**
   * The allowed browser origins on the old path (4.x's `connectionManagement.corsSettings`).
   * @deprecated Use `settings.get()` / `settings.set()`: the API deprecates `/connectionManagement/corsSettings`.
   */
  get corsSettings(): CorsSettings {
    return (this.cors ??= new CorsSettings(this.client));
  }

  /**
   * Get access token: `GET /companies/{companyId}/connectionManagement/accessToken` (4.x's
   * name). A new token for the Connections SDK, valid for one hour, for a single company.
   * @deprecated Use `companies.getAccessToken()` (valid one day): the API deprecates this endpoint.
   */
  getAccessToken(request: GetConnectionManagementAccessTokenRequest, options?: RequestOptions): Promise<ConnectionManagementAccessToken> {
    return unwrap(invoke(this.client, getConnectionManagementAccessToken, request, options));
  }

  /**
   * Get access token (old): the same call as `getAccessToken`, under 6.x's name.
   * @deprecated Use `companies.getAccessToken()` (valid one day): the API deprecates this endpoint.
   */
  get(request: GetConnectionManagementAccessTokenRequest, options?: RequestOptions): Promise<ConnectionManagementAccessToken> {
    return unwrap(invoke(this.client, getConnectionManagementAccessToken, request, options));
  }
}
