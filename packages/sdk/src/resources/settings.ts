import type { CodatPlatformCore } from "../core.js";
import { settingsCreateApiKey } from "../funcs/settingsCreateApiKey.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { DeleteApiKeyRequest } from "../models/requests.js";
import type { ApiKeyDetails, ApiKeys, ConnectionManagementAllowedOrigins, CreateApiKey } from "../models/settings.js";
import { deleteApiKey, getCorsSettings, listApiKeys, setCorsSettings } from "../operations/settings.js";

/** Manage the allowed browser origins (CORS) and API keys. */
export class Settings {
  constructor(private readonly client: CodatPlatformCore) {}

  /**
   * Get CORS settings: `GET /corsSettings`. The allowed origins (your domains) Codat's
   * embeddable UIs, such as the Connections SDK, may call the API from.
   */
  get(options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, getCorsSettings, undefined, options));
  }

  /** Set CORS settings: `POST /corsSettings`. Replaces the allowed origins. */
  set(request: ConnectionManagementAllowedOrigins, options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, setCorsSettings, request, options));
  }

  /**
   * Get CORS settings: the same call as `get`.
   * @deprecated Use `settings.get()`, the official clients' name for this call.
   */
  getCorsSettings(options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, getCorsSettings, undefined, options));
  }

  /**
   * Set CORS settings: the same call as `set`.
   * @deprecated Use `settings.set()`, the official clients' name for this call.
   */
  setCorsSettings(request: ConnectionManagementAllowedOrigins, options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, setCorsSettings, request, options));
  }

  /** List API keys: `GET /apiKeys`. Every API key of your client, without its value. */
  listApiKeys(options?: RequestOptions): Promise<ApiKeys> {
    return unwrap(invoke(this.client, listApiKeys, undefined, options));
  }

  /** Create API key: `POST /apiKeys`. A new API key; its value (`apiKey`) is returned this once. */
  createApiKey(request: CreateApiKey = {}, options?: RequestOptions): Promise<ApiKeyDetails> {
    return unwrap(settingsCreateApiKey(this.client, request, options));
  }

  /** Delete API key: `DELETE /apiKeys/{apiKeyId}`. Revokes the key; not reversible. */
  deleteApiKey(request: DeleteApiKeyRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteApiKey, request, options));
  }
}
