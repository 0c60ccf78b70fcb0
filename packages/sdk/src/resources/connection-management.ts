import type { CodatPlatformCore } from "../core.js";
import { connectionManagementCorsSettingsGet } from "../funcs/connectionManagementCorsSettingsGet.js";
import { connectionManagementCorsSettingsSet } from "../funcs/connectionManagementCorsSettingsSet.js";
import { connectionManagementGetAccessToken } from "../funcs/connectionManagementGetAccessToken.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";

/** The allowed browser origins of the Connections UI, on `/connectionManagement/corsSettings`. */
export class CorsSettings {
  constructor(private readonly client: CodatPlatformCore) {}

  get(options?: RequestOptions) {
    return unwrap(connectionManagementCorsSettingsGet(this.client, options));
  }

  set(request: ConnectionManagementAllowedOrigins = {}, options?: RequestOptions) {
    return unwrap(connectionManagementCorsSettingsSet(this.client, request, options));
  }
}

/** Configure UI and retrieve access tokens for authentication used by the Connections SDK. */
export class ConnectionManagement {
  private cors?: CorsSettings;
  constructor(private readonly client: CodatPlatformCore) {}

  get corsSettings(): CorsSettings {
    return (this.cors ??= new CorsSettings(this.client));
  }

  /** A new one-hour access token for the Connections SDK, scoped to `companyId`. */
  getAccessToken(request: GetConnectionManagementAccessTokenRequest, options?: RequestOptions) {
    return unwrap(connectionManagementGetAccessToken(this.client, request, options));
  }
}
