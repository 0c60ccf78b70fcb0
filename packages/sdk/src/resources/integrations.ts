import type { CodatPlatformCore } from "../core.js";
import { integrationsDeleteCredentials } from "../funcs/integrationsDeleteCredentials.js";
import { integrationsDeleteCustom } from "../funcs/integrationsDeleteCustom.js";
import { integrationsGet } from "../funcs/integrationsGet.js";
import { integrationsGetBranding } from "../funcs/integrationsGetBranding.js";
import { integrationsGetCredentials } from "../funcs/integrationsGetCredentials.js";
import { integrationsGetDefinition } from "../funcs/integrationsGetDefinition.js";
import { integrationsList } from "../funcs/integrationsList.js";
import { integrationsPutCustom } from "../funcs/integrationsPutCustom.js";
import { integrationsSetCredentials } from "../funcs/integrationsSetCredentials.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type * as req from "../models/requests.js";

/**
 * The integrations a client can connect; and, as the server's extension of the contract, each
 * platform's OAuth definition, the client's app credentials per platform and its own platforms.
 */
export class Integrations {
  constructor(private readonly client: CodatPlatformCore) {}

  list(request?: req.ListIntegrationsRequest, options?: RequestOptions) {
    return unwrap(integrationsList(this.client, request, options));
  }
  get(request: req.GetIntegrationRequest, options?: RequestOptions) {
    return unwrap(integrationsGet(this.client, request, options));
  }
  getBranding(request: req.GetIntegrationsBrandingRequest, options?: RequestOptions) {
    return unwrap(integrationsGetBranding(this.client, request, options));
  }
  getDefinition(request: req.GetIntegrationDefinitionRequest, options?: RequestOptions) {
    return unwrap(integrationsGetDefinition(this.client, request, options));
  }
  getCredentials(request: req.GetIntegrationCredentialsRequest, options?: RequestOptions) {
    return unwrap(integrationsGetCredentials(this.client, request, options));
  }
  setCredentials(request: req.SetIntegrationCredentialsRequest, options?: RequestOptions) {
    return unwrap(integrationsSetCredentials(this.client, request, options));
  }
  deleteCredentials(request: req.DeleteIntegrationCredentialsRequest, options?: RequestOptions) {
    return unwrap(integrationsDeleteCredentials(this.client, request, options));
  }
  putCustom(request: req.PutCustomIntegrationRequest, options?: RequestOptions) {
    return unwrap(integrationsPutCustom(this.client, request, options));
  }
  deleteCustom(request: req.DeleteCustomIntegrationRequest, options?: RequestOptions) {
    return unwrap(integrationsDeleteCustom(this.client, request, options));
  }
}
