import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteCustomIntegrationRequest } from "../models/requests.js";
import { deleteCustomIntegration } from "../operations/integrations.js";

/** Remove a platform of the client's own (409 while connections use it). `DELETE /integrations/{platformKey}` */
export function integrationsDeleteCustom(
  client: CodatPlatformCore,
  request: DeleteCustomIntegrationRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, deleteCustomIntegration, request, options);
}
