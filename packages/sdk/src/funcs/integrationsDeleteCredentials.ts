import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { DeleteIntegrationCredentialsRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/integrations/{platformKey}/credentials",
  request: DeleteIntegrationCredentialsRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/** Delete the app credentials of a platform: it is no longer offered. `DELETE /integrations/{platformKey}/credentials` */
export function integrationsDeleteCredentials(
  client: CodatPlatformCore,
  request: DeleteIntegrationCredentialsRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, spec, request, options);
}
