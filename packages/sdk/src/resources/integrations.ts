import type { CodatPlatformCore } from "../core.js";
import { integrationsGet } from "../funcs/integrationsGet.js";
import { integrationsGetBranding } from "../funcs/integrationsGetBranding.js";
import { integrationsList } from "../funcs/integrationsList.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type * as req from "../models/requests.js";

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
}
