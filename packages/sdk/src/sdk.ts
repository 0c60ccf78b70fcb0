// The class-based client: `CodatPlatformCore` plus one lazily created object per resource,
// each a thin layer that binds the standalone functions and throws instead of returning errors.
import { CodatPlatformCore } from "./core.js";
import { Companies } from "./resources/companies.js";
import { ConnectionManagement } from "./resources/connection-management.js";
import { Connections } from "./resources/connections.js";
import { Integrations } from "./resources/integrations.js";
import { Settings } from "./resources/settings.js";
import { Webhooks } from "./resources/webhooks.js";

export class CodatPlatform extends CodatPlatformCore {
  private _companies?: Companies;
  private _connections?: Connections;
  private _connectionManagement?: ConnectionManagement;
  private _settings?: Settings;
  private _integrations?: Integrations;
  private _webhooks?: Webhooks;

  get companies(): Companies {
    return (this._companies ??= new Companies(this));
  }
  get connections(): Connections {
    return (this._connections ??= new Connections(this));
  }
  get connectionManagement(): ConnectionManagement {
    return (this._connectionManagement ??= new ConnectionManagement(this));
  }
  get settings(): Settings {
    return (this._settings ??= new Settings(this));
  }
  get integrations(): Integrations {
    return (this._integrations ??= new Integrations(this));
  }
  get webhooks(): Webhooks {
    return (this._webhooks ??= new Webhooks(this));
  }
}
