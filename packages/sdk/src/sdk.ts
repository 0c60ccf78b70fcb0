// The class-based client: `CodatPlatformCore` plus one lazily created object per resource,
// each a thin layer that binds the standalone functions and throws instead of returning errors.
// Resources and methods carry both official clients' names (4.x and 6.x) where they differ.
import { CodatPlatformCore } from "./core.js";
import { Companies } from "./resources/companies.js";
import { ConnectionManagement } from "./resources/connection-management.js";
import { Connections } from "./resources/connections.js";
import { CorsSettings } from "./resources/cors-settings.js";
import { Integrations } from "./resources/integrations.js";
import { Settings } from "./resources/settings.js";
import { Webhooks } from "./resources/webhooks.js";

/**
 * The Codat Platform API client: `new CodatPlatform({ authHeader: "Basic <base64 API key>" })`.
 * Every method takes its request object (when the operation has parameters or a body) and
 * optional `RequestOptions`, and returns a promise of the response model or throws one of the
 * errors of `@codat/platform/models/errors`.
 */
export class CodatPlatform extends CodatPlatformCore {
  private _companies?: Companies;
  private _connections?: Connections;
  private _connectionManagement?: ConnectionManagement;
  private _cors?: CorsSettings;
  private _settings?: Settings;
  private _integrations?: Integrations;
  private _webhooks?: Webhooks;

  /** Create and manage your SMB users' companies, and their access tokens. */
  get companies(): Companies {
    return (this._companies ??= new Companies(this));
  }
  /** Create new and manage existing data connections for a company. */
  get connections(): Connections {
    return (this._connections ??= new Connections(this));
  }
  /** The Connections SDK's one-hour token and CORS settings on their old paths (deprecated by the API). */
  get connectionManagement(): ConnectionManagement {
    return (this._connectionManagement ??= new ConnectionManagement(this));
  }
  /**
   * 6.x's `cors`: the CORS settings on their old path.
   * @deprecated Use `settings.get()` / `settings.set()`: the API deprecates `/connectionManagement/corsSettings`.
   */
  get cors(): CorsSettings {
    return (this._cors ??= new CorsSettings(this));
  }
  /** CORS settings and API keys. */
  get settings(): Settings {
    return (this._settings ??= new Settings(this));
  }
  /** The integrations your customers can connect, their branding, and your app credentials at each. */
  get integrations(): Integrations {
    return (this._integrations ??= new Integrations(this));
  }
  /** Webhook consumers. */
  get webhooks(): Webhooks {
    return (this._webhooks ??= new Webhooks(this));
  }
}
