import type { CodatPlatformCore } from "../core.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import type { OAuthDefinition } from "../models/platforms.js";
import type { GetIntegrationDefinitionRequest } from "../models/requests.js";
import { getIntegrationDefinition } from "../operations/integrations.js";

/** Get how a platform authorizes over OAuth 2.0 (not the sandbox: 404). `GET /integrations/{platformKey}/definition` */
export function integrationsGetDefinition(
  client: CodatPlatformCore,
  request: GetIntegrationDefinitionRequest,
  options?: RequestOptions,
): Promise<Result<OAuthDefinition, APIFailure>> {
  return invoke(client, getIntegrationDefinition, request, options);
}
