import type { CodatPlatformCore } from "../core.js";
import { operation } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { Integration } from "../models/integrations.js";
import { PutCustomIntegrationRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/integrations/{platformKey}",
  request: PutCustomIntegrationRequest,
  response: Integration,
  status: 200,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
  body: "customPlatformRequest",
});

/**
 * Add or replace a generic OAuth 2.0 platform of the client's own (409 for a built-in key).
 * `PUT /integrations/{platformKey}`
 */
export function integrationsPutCustom(
  client: CodatPlatformCore,
  request: PutCustomIntegrationRequest,
  options?: RequestOptions,
): Promise<Result<Integration, APIFailure>> {
  return invoke(client, spec, request, options);
}
