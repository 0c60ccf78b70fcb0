import type { CodatPlatformCore } from "../core.js";
import { operation } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { DeleteCustomIntegrationRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/integrations/{platformKey}",
  request: DeleteCustomIntegrationRequest,
  status: 204,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
});

/** Remove a platform of the client's own (409 while connections use it). `DELETE /integrations/{platformKey}` */
export function integrationsDeleteCustom(
  client: CodatPlatformCore,
  request: DeleteCustomIntegrationRequest,
  options?: RequestOptions,
): Promise<Result<void, APIFailure>> {
  return invoke(client, spec, request, options);
}
