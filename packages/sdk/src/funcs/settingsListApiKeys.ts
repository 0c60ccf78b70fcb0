import type { CodatPlatformCore } from "../core.js";
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke, type APIFailure } from "../lib/request.js";
import type { Result } from "../lib/result.js";
import { ApiKeys } from "../models/settings.js";

const spec = /* @__PURE__ */ operation({
  method: "GET",
  path: "/apiKeys",
  response: ApiKeys,
  status: 200,
  errors: STANDARD_ERRORS,
});

/**
 * List API keys: `GET /apiKeys`.
 *
 * Returns all API keys that currently exist for your client, without their values.
 */
export function settingsListApiKeys(
  client: CodatPlatformCore,
  options?: RequestOptions,
): Promise<Result<ApiKeys, APIFailure>> {
  return invoke(client, spec, undefined, options);
}
