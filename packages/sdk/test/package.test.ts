// The built package as users get it: ESM and CommonJS entry points, the reference SDK's import
// paths, type declarations, and browser bundles (no Node-only module, within the size budget).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { before, describe, test } from "node:test";
import { build } from "esbuild";
import { requireBuilt, sdkDir as pkgDir, skipUnlessBuilt } from "./helpers/built.js";

const require = createRequire(import.meta.url);

before(() => void requireBuilt("package tests"));

describe("entry points", { skip: skipUnlessBuilt }, () => {
  test("ESM: every export map entry loads; classes are shared across entries", async () => {
    const main = await import("@codat/platform");
    const models = await import("@codat/platform/models");
    const core = await import("@codat/platform/core");
    const funcs = await import("@codat/platform/funcs");
    const errors = await import("@codat/platform/sdk/models/errors");
    const shared = await import("@codat/platform/sdk/models/shared");
    const operations = await import("@codat/platform/sdk/models/operations");
    assert.equal(typeof main.CodatPlatform, "function");
    assert.equal(models.ErrorMessage, main.ErrorMessage);
    assert.equal(errors.SDKError, main.SDKError);
    assert.equal(core.CodatPlatformCore, main.CodatPlatformCore);
    assert.ok(new main.CodatPlatform() instanceof core.CodatPlatformCore);
    assert.equal(typeof funcs.connectionManagementGetAccessToken, "function");
    assert.equal(shared.ConnectionManagementAccessToken, models.ConnectionManagementAccessToken);
    assert.equal(typeof operations.GetConnectionManagementAccessTokenRequest, "object");
  });

  test("CommonJS: require() works for the same entries", () => {
    const main = require("@codat/platform");
    const models = require("@codat/platform/models");
    const funcs = require("@codat/platform/funcs");
    assert.equal(typeof main.CodatPlatform, "function");
    assert.equal(models.ErrorMessage, main.ErrorMessage);
    assert.equal(typeof funcs.companiesList, "function");
    assert.equal(typeof require("@codat/platform/sdk/models/errors").SDKValidationError, "function");
  });

  test("type declarations exist for each entry", () => {
    for (const entry of ["index", "core", "funcs/index", "models/index", "sdk/models/errors"]) {
      assert.ok(existsSync(`${pkgDir}/dist/esm/${entry}.d.ts`), `dist/esm/${entry}.d.ts`);
      assert.ok(existsSync(`${pkgDir}/dist/cjs/${entry}.d.ts`), `dist/cjs/${entry}.d.ts`);
    }
  });
});

const apps = {
  class: {
    budget: 12 * 1024,
    code: `import { CodatPlatform } from "@codat/platform";
      new CodatPlatform({ authHeader: "Basic a2V5" }).connectionManagement.getAccessToken({ companyId: "c" }).then(console.log);`,
  },
  "standalone function": {
    budget: 8 * 1024,
    code: `import { CodatPlatformCore } from "@codat/platform/core";
      import { connectionManagementGetAccessToken } from "@codat/platform/funcs";
      connectionManagementGetAccessToken(new CodatPlatformCore({ authHeader: "Basic a2V5" }), { companyId: "c" }).then(console.log);`,
  },
};

describe("browser bundles of a getAccessToken-only app", { skip: skipUnlessBuilt }, () => {
  for (const [name, app] of Object.entries(apps)) {
    test(`${name}: bundles for the browser, no Node-only module, ≤ ${app.budget / 1024} KB min+gz`, async () => {
      const out = await build({
        stdin: { contents: app.code, resolveDir: pkgDir, loader: "js" },
        bundle: true,
        minify: true,
        format: "esm",
        platform: "browser",
        write: false,
        logLevel: "silent",
        metafile: true,
      });
      const inputs = Object.keys(out.metafile.inputs);
      assert.ok(!inputs.some((i) => i.startsWith("node:")), `no node: module in ${inputs.join(", ")}`);
      const text = out.outputFiles[0]!.text;
      assert.ok(!/\bfrom\s*["']node:|require\(["']node:/.test(text), "no Node import left in the output");
      const size = gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
      assert.ok(size <= app.budget, `${size} bytes ≤ ${app.budget}`);
    });
  }
});
