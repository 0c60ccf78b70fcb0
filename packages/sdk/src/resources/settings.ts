import type { CodatPlatformCore } from "../core.js";
import { settingsCreateApiKey } from "../funcs/settingsCreateApiKey.js";
import { settingsDeleteApiKey } from "../funcs/settingsDeleteApiKey.js";
import { settingsGetCorsSettings } from "../funcs/settingsGetCorsSettings.js";
import { settingsListApiKeys } from "../funcs/settingsListApiKeys.js";
import { settingsSetCorsSettings } from "../funcs/settingsSetCorsSettings.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type { DeleteApiKeyRequest } from "../models/requests.js";
import type { ConnectionManagementAllowedOrigins, CreateApiKey } from "../models/settings.js";

export class Settings {
  constructor(private readonly client: CodatPlatformCore) {}

  /** The allowed browser origins, on the newer `/corsSettings` path. */
  getCorsSettings(options?: RequestOptions) {
    return unwrap(settingsGetCorsSettings(this.client, options));
  }
  setCorsSettings(request: ConnectionManagementAllowedOrigins = {}, options?: RequestOptions) {
    return unwrap(settingsSetCorsSettings(this.client, request, options));
  }
  listApiKeys(options?: RequestOptions) {
    return unwrap(settingsListApiKeys(this.client, options));
  }
  createApiKey(request: CreateApiKey = {}, options?: RequestOptions) {
    return unwrap(settingsCreateApiKey(this.client, request, options));
  }
  deleteApiKey(request: DeleteApiKeyRequest, options?: RequestOptions) {
    return unwrap(settingsDeleteApiKey(this.client, request, options));
  }
}
