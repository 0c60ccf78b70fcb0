import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { getConnectionManagementCorsSettings, setConnectionManagementCorsSettings } from "../operations/connection-management.js";

/**
 * The allowed browser origins of the Connections UI on the old path,
 * `/connectionManagement/corsSettings`: 4.x's `connectionManagement.corsSettings` and 6.x's `cors`.
 */
export class CorsSettings {
  constructor(private readonly client: CodatPlatformCore) {}

  /**
   * Get CORS settings (old): `GET /connectionManagement/corsSettings`. The origins (your
   * domains) Codat's embeddable UIs may call the API from.
   * @deprecated Use `settings.get()` (`GET /corsSettings`): the API deprecates this path.
   */
  get(options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, getConnectionManagementCorsSettings, undefined, options));
  }

  /**
   * Set CORS settings (old): `POST /connectionManagement/corsSettings`. Replaces the allowed origins.
   * @deprecated Use `settings.set()` (`POST /corsSettings`): the API deprecates this path.
   */
  set(request: ConnectionManagementAllowedOrigins, options?: RequestOptions): Promise<ConnectionManagementAllowedOrigins> {
    return unwrap(invoke(this.client, setConnectionManagementCorsSettings, request, options));
  }
}
