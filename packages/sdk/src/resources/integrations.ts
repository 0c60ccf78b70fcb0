import type { CodatPlatformCore } from "../core.js";
import { integrationsList } from "../funcs/integrationsList.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { Branding, Integration, Integrations as IntegrationPage } from "../models/integrations.js";
import type { OAuthDefinition, PlatformCredentials } from "../models/platforms.js";
import type {
  DeleteCustomIntegrationRequest,
  DeleteIntegrationCredentialsRequest,
  GetIntegrationCredentialsRequest,
  GetIntegrationDefinitionRequest,
  GetIntegrationRequest,
  GetIntegrationsBrandingRequest,
  ListIntegrationsRequest,
  PutCustomIntegrationRequest,
  SetIntegrationCredentialsRequest,
} from "../models/requests.js";
import { deleteCustomIntegration, deleteIntegrationCredentials, getIntegration, getIntegrationCredentials, getIntegrationDefinition, getIntegrationsBranding, putCustomIntegration, setIntegrationCredentials } from "../operations/integrations.js";

/**
 * The integrations a client can connect; and, as the server's extension of the contract, each
 * platform's OAuth definition, the client's app credentials per platform and its own platforms.
 */
export class Integrations {
  constructor(private readonly client: CodatPlatformCore) {}

  /** List integrations: `GET /integrations`. The integrations your customers can connect, a page at a time. */
  list(request?: ListIntegrationsRequest, options?: RequestOptions): Promise<IntegrationPage> {
    return unwrap(integrationsList(this.client, request, options));
  }

  /** Get integration: `GET /integrations/{platformKey}`. A single integration, by `platformKey`. */
  get(request: GetIntegrationRequest, options?: RequestOptions): Promise<Integration> {
    return unwrap(invoke(this.client, getIntegration, request, options));
  }

  /** Get branding: `GET /integrations/{platformKey}/branding`. The platform's logos and buttons. */
  getBranding(request: GetIntegrationsBrandingRequest, options?: RequestOptions): Promise<Branding> {
    return unwrap(invoke(this.client, getIntegrationsBranding, request, options));
  }

  /** How the platform authorizes over OAuth 2.0: `GET /integrations/{platformKey}/definition` (not the sandbox: 404). */
  getDefinition(request: GetIntegrationDefinitionRequest, options?: RequestOptions): Promise<OAuthDefinition> {
    return unwrap(invoke(this.client, getIntegrationDefinition, request, options));
  }

  /** The client's app credentials at the platform, never the secret: `GET /integrations/{platformKey}/credentials` (404 when none). */
  getCredentials(request: GetIntegrationCredentialsRequest, options?: RequestOptions): Promise<PlatformCredentials> {
    return unwrap(invoke(this.client, getIntegrationCredentials, request, options));
  }

  /**
   * Sets (or replaces) the client's app credentials at the platform: `PUT
   * /integrations/{platformKey}/credentials`. Register the answer's `redirectUri` at the platform.
   */
  setCredentials(request: SetIntegrationCredentialsRequest, options?: RequestOptions): Promise<PlatformCredentials> {
    return unwrap(invoke(this.client, setIntegrationCredentials, request, options));
  }

  /** Deletes the client's app credentials at the platform, which is then no longer offered: `DELETE /integrations/{platformKey}/credentials`. */
  deleteCredentials(request: DeleteIntegrationCredentialsRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteIntegrationCredentials, request, options));
  }

  /** Adds or replaces a generic OAuth 2.0 platform of the client's own: `PUT /integrations/{platformKey}` (409 for a built-in key). */
  putCustom(request: PutCustomIntegrationRequest, options?: RequestOptions): Promise<Integration> {
    return unwrap(invoke(this.client, putCustomIntegration, request, options));
  }

  /** Removes a platform of the client's own: `DELETE /integrations/{platformKey}` (409 while connections use it). */
  deleteCustom(request: DeleteCustomIntegrationRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteCustomIntegration, request, options));
  }
}
