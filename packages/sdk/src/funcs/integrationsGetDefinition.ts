import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { OAuthDefinition } from "../models/platforms.js";
import { GetIntegrationDefinitionRequest } from "../models/requests.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/definition",
  request: GetIntegrationDefinitionRequest,
  response: OAuthDefinition,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get how a platform authorizes over OAuth 2.0 (not the sandbox: 404). `GET /integrations/{platformKey}/definition` */
export function integrationsGetDefinition(
  client: CodatPlatformCore,
  request: GetIntegrationDefinitionRequest,
  options?: RequestOptions,
): Promise<Result<OAuthDefinition, APIFailure>> {
  return invoke(client, spec, request, options);
}
