// Every import path code written for either official client uses resolves on the built
// package, as an ES module and as CommonJS, with types: one file importing them all is compiled
// by tsc (strict, NodeNext) and run by node, in a throwaway project where `@codat/platform` is
// this package. Run, it also checks that an error thrown by a real call is `instanceof` each
// path's class (one class, whichever path it is imported from).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { createExampleProject, type ExampleProject, type ModuleFormat } from "./compat/example-project.js";
import { requireBuilt, sdkDir, skipUnlessBuilt } from "./helpers/built.js";
import { refusedURL } from "./helpers/script-server.js";

/** Every standalone function, each at its own path (`@codat/platform/funcs/companiesList.js`). */
const funcs = readdirSync(`${sdkDir}/src/funcs`)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.slice(0, -3));

/** The file: 4.x's paths, 6.x's, newer generations', each used by type and by value. */
const allPaths = `
import assert from "node:assert/strict";
import { CodatPlatform, CodatPlatformCore as Core1, ErrorMessage, type RequestOptions } from "@codat/platform";
import { CodatPlatformCore as Core2 } from "@codat/platform/core";
import { CodatPlatformCore as Core3 } from "@codat/platform/core.js";
import * as funcs from "@codat/platform/funcs";
${funcs.map((name) => `import { ${name} } from "@codat/platform/funcs/${name}.js";`).join("\n")}
import * as models from "@codat/platform/models";
// 4.x (and 6.2)
import * as shared from "@codat/platform/sdk/models/shared";
import * as errors4 from "@codat/platform/sdk/models/errors";
import * as operations4 from "@codat/platform/sdk/models/operations";
// 6.x and newer generations
import * as components from "@codat/platform/models/components";
import * as errors6 from "@codat/platform/models/errors";
import * as operations6 from "@codat/platform/models/operations";
// The official clients' lib paths
import { HTTPClient } from "@codat/platform/lib/http";
import { ServerList, type SDKOptions } from "@codat/platform/lib/config";
import type { RetryConfig } from "@codat/platform/lib/retries";
import { verifyWebhook } from "@codat/platform/webhooks";

const standalone = [${funcs.join(", ")}];
assert.ok(standalone.every((f) => typeof f === "function"));
assert.equal(funcs.companiesList, companiesList);
assert.equal(Core1, Core2);
assert.equal(Core2, Core3);
assert.equal(typeof verifyWebhook, "function");
assert.equal(ServerList[0], "https://api.codat.io");

const request: operations4.ListCompaniesRequest & operations6.ListCompaniesRequest = { pageSize: 1 };
const status: shared.DataConnectionStatus = components.DataConnectionStatus.Linked;
const source: components.SourceType = shared.SourceType.Banking;
const body: shared.CompanyRequestBody = { name: "Acme" };
const retries: RetryConfig = { strategy: "none" };
const options: SDKOptions = { serverURL: process.env.SERVER_URL, authHeader: "Basic bm90LWEta2V5", retryConfig: retries, httpClient: new HTTPClient() };
const call: RequestOptions = { headers: { "x-paths": "1" }, timeoutMs: 5000 };
void [status, source, body];

for (const e of [errors4, errors6, models]) {
  assert.equal(e.ErrorMessage, ErrorMessage);
  assert.equal(e.SDKError, errors6.SDKError);
  assert.equal(e.SDKValidationError, errors4.SDKValidationError);
}

async function main(): Promise<void> {
  const sdk = new CodatPlatform(options);
  try {
    const page: components.Companies = await sdk.companies.list(request, call);
    throw new Error("an unknown key was accepted: " + JSON.stringify(page));
  } catch (error) {
    assert.ok(error instanceof errors4.ErrorMessage, String(error));
    assert.ok(error instanceof errors6.ErrorMessage);
    assert.ok(error instanceof errors6.CodatPlatformError);
    assert.ok(error instanceof models.ErrorMessage);
    assert.equal(error.statusCode, 401);
    assert.ok(error.headers instanceof Headers);
    const data: errors6.ErrorMessageData = error.data$;
    assert.equal(data.statusCode, 401);
  }
  const result = await companiesList(new Core3(options), request, { ...call, retries });
  assert.ok(!result.ok && result.error instanceof errors6.ErrorMessage);

  // A request that breaks its schema, and a server that is not there.
  const invalid = await companiesGet(new Core2(options), { companyId: "" });
  assert.ok(!invalid.ok && invalid.error instanceof errors4.SDKValidationError && invalid.error instanceof errors6.SDKValidationError);
  const down = await connectionsList(new Core1({ ...options, serverURL: process.env.REFUSED_URL }), { companyId: "c" }, { retries });
  assert.ok(!down.ok && down.error instanceof errors6.ConnectionError && down.error instanceof errors6.HTTPClientError, String(down.error));
  assert.ok(!(down.error instanceof errors6.CodatPlatformError), "no response: not an HTTP error");
  console.log("all paths ok");
}
void main();
`;

let server: TestServer;
const projects: ExampleProject[] = [];

before(async () => {
  if (!requireBuilt("import paths")) return;
  server = await startTestServer();
});
after(async () => {
  for (const project of projects) project.remove();
  await server?.close();
});

for (const format of ["esm", "cjs"] as ModuleFormat[]) {
  test(`${format === "esm" ? "ES module" : "CommonJS"}: every path compiles with its types and runs`, { skip: skipUnlessBuilt }, async () => {
    const project = createExampleProject({ client: sdkDir, format, files: new Map([["all-paths", allPaths]]), packages: [], emit: true });
    projects.push(project);
    const errors = await project.compile();
    assert.equal(errors.size, 0, [...errors.values()].flat().join("\n"));
    const run = await project.run("all-paths", { SERVER_URL: server.url, REFUSED_URL: await refusedURL() }, 30_000);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(run.stdout.trim(), "all paths ok");
  });
}
