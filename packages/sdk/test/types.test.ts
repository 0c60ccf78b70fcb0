// The names the seed page and the reference SDK's users rely on, checked by the type checker
// (`npm run typecheck` compiles this file) and at run time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CodatPlatform, type RequestOptions, type RetryConfig } from "../src/index.js";
import * as models from "../src/models/index.js";
import * as errors from "../src/sdk/models/errors.js";
import type * as operations from "../src/sdk/models/operations.js";
import type * as shared from "../src/sdk/models/shared.js";

// The seed's signature: getAccessToken(request, options?) → Promise<ConnectionManagementAccessToken>.
type GetAccessToken = CodatPlatform["connectionManagement"]["getAccessToken"];
type Expect<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Checks = [
  Expect<Same<Parameters<GetAccessToken>[0], models.GetConnectionManagementAccessTokenRequest>>,
  Expect<Same<Parameters<GetAccessToken>[1], RequestOptions | undefined>>,
  Expect<Same<Awaited<ReturnType<GetAccessToken>>, models.ConnectionManagementAccessToken>>,
  Expect<Same<models.GetConnectionManagementAccessTokenRequest, operations.GetConnectionManagementAccessTokenRequest>>,
  Expect<Same<models.ConnectionManagementAccessToken, shared.ConnectionManagementAccessToken>>,
  Expect<Same<models.ConnectionStatus, "PendingAuth" | "Linked" | "Unlinked" | "Deauthorized">>,
  Expect<Same<NonNullable<RequestOptions["retries"]>, RetryConfig>>,
];

test("models.ErrorMessage / models.SDKError are the classes the client throws, also at the reference paths", () => {
  assert.equal(models.ErrorMessage, errors.ErrorMessage);
  assert.equal(models.SDKError, errors.SDKError);
  assert.equal(models.SDKValidationError, errors.SDKValidationError);
  const data: models.ErrorMessageData = { statusCode: 404, service: "PublicApi", error: "Not found", validation: null };
  const error = new models.ErrorMessage(data, new Response(null, { status: 404 }), JSON.stringify(data));
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ErrorMessage");
  assert.equal(error.statusCode, 404);
});

test("every resource and method of the reference SDK's names is there", () => {
  const sdk = new CodatPlatform({ serverURL: "http://127.0.0.1:9" });
  const expected: Record<string, string[]> = {
    companies: ["list", "create", "get", "replace", "update", "delete", "getAccessToken"],
    connections: ["list", "create", "get", "delete", "unlink", "updateAuthorization"],
    connectionManagement: ["getAccessToken"],
    settings: ["getCorsSettings", "setCorsSettings", "listApiKeys", "createApiKey", "deleteApiKey"],
    integrations: ["list", "get", "getBranding"],
    webhooks: ["listConsumers", "createConsumer", "deleteConsumer"],
  };
  for (const [resource, methods] of Object.entries(expected)) {
    const object = (sdk as unknown as Record<string, Record<string, unknown>>)[resource];
    for (const method of methods) assert.equal(typeof object?.[method], "function", `${resource}.${method}`);
  }
  assert.equal(typeof sdk.connectionManagement.corsSettings.get, "function");
  assert.equal(typeof sdk.connectionManagement.corsSettings.set, "function");
  assert.equal(sdk.companies, sdk.companies, "resources are created once");
});
