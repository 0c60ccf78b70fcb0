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
  // 6.x's per-call options: fetch's own fields, flat, and a URL object for serverURL.
  Expect<Same<NonNullable<RequestOptions["headers"]>, HeadersInit>>,
  Expect<Same<NonNullable<RequestOptions["signal"]>, AbortSignal>>,
  Expect<Same<NonNullable<RequestOptions["serverURL"]>, string | URL>>,
  // Pages carry `links` (both official clients' name) and still `_links`.
  Expect<Same<models.Companies["links"], models.Links>>,
  Expect<Same<shared.Connections["links"], shared.Links>>,
  Expect<Same<models.Integrations["_links"], models.Links>>,
  // The official clients' enum objects at their paths.
  Expect<Same<shared.DataConnectionStatus, models.ConnectionStatus>>,
  Expect<Same<(typeof shared.SourceType)["Banking"], "Banking">>,
];

/** Never called: the type checker proves what may not be left out. */
export async function requiredArguments(sdk: CodatPlatform): Promise<void> {
  // @ts-expect-error a webhook consumer needs its url: the argument is required
  await sdk.webhooks.createConsumer();
  // @ts-expect-error a company needs its name
  await sdk.companies.create();
  // @ts-expect-error the origins to set
  await sdk.settings.set();
  // @ts-expect-error the origins to set (old path)
  await sdk.cors.set();
  // @ts-expect-error the company of the token
  await sdk.companies.getAccessToken();
  // @ts-expect-error the company whose connections to list
  await sdk.connections.list();
  // Optional where the operation needs nothing.
  await sdk.companies.list();
  await sdk.settings.createApiKey();
}

test("models.ErrorMessage / models.SDKError are the classes the client throws, also at the reference paths", () => {
  assert.equal(models.ErrorMessage, errors.ErrorMessage);
  assert.equal(models.SDKError, errors.SDKError);
  assert.equal(models.SDKValidationError, errors.SDKValidationError);
  const data: models.ErrorMessageData = { statusCode: 404, service: "PublicApi", error: "Not found", validation: null };
  const error = new models.ErrorMessage(data, { response: new Response(null, { status: 404 }), body: JSON.stringify(data) });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ErrorMessage");
  assert.equal(error.statusCode, 404);
});

test("every resource and method of both official clients' names is there", () => {
  const sdk = new CodatPlatform({ serverURL: "http://127.0.0.1:9" });
  // 4.x's and 6.x's names alike, for every operation our server implements.
  const expected: Record<string, string[]> = {
    companies: ["list", "create", "get", "replace", "update", "delete", "getAccessToken"],
    connections: ["list", "create", "get", "delete", "unlink", "updateAuthorization"],
    connectionManagement: ["getAccessToken", "get"],
    cors: ["get", "set"],
    settings: ["get", "set", "getCorsSettings", "setCorsSettings", "listApiKeys", "createApiKey", "deleteApiKey"],
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
