import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { DeleteIntegrationCredentialsRequest } from "../models/requests.js";
import { deleteIntegrationCredentials } from "../operations/integrations.js";

/** Delete the app credentials of a platform: it is no longer offered. `DELETE /integrations/{platformKey}/credentials` */
export function integrationsDeleteCredentials(
  client: CodatPlatformCore,
  request: DeleteIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, deleteIntegrationCredentials, request, options);
}
