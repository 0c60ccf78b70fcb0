// The browser build (dist/browser/, what bundlers pick for the browser through the `browser`
// condition of package.json "exports") leaves out code that only pays off in Node:
// the validation fast path, the details of Node's system errors, the User-Agent header. Its
// answers must be the Node build's: both builds, side by side, against the real server and a
// scripted one. (Chromium runs the browser build too: install.test.ts.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { build } from "esbuild";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import type * as SDK from "../src/index.js";
import { requireBuilt, sdkDir, skipUnlessBuilt } from "./helpers/built.js";
import { rejection } from "./helpers/rejection.js";
import { refusedURL, startScriptServer, type ScriptServer } from "./helpers/script-server.js";

const pkgDir = sdkDir;
const files = { node: `${pkgDir}/dist/esm/bundle.js`, browser: `${pkgDir}/dist/browser/bundle.js` };

type Build = typeof SDK;
const builds = {} as Record<keyof typeof files, Build>;
let api: TestServer;
let script: ScriptServer;

before(async () => {
  if (!requireBuilt("browser-build tests")) return;
  builds.node = (await import(files.node)) as Build;
  builds.browser = (await import(files.browser)) as Build;
  [api, script] = await Promise.all([startTestServer(), startScriptServer()]);
});
after(() => Promise.all([api?.close(), script?.close()]));

const noRetries = { retries: { strategy: "none" as const } };

describe("the browser build", { skip: skipUnlessBuilt }, () => {
  test("bundlers pick it for the browser, and the Node build everywhere else", async () => {
    const inputsFor = async (specifier: string, platform: "browser" | "node" | "neutral") => {
      const out = await build({
        stdin: { contents: `import * as m from "${specifier}"; console.log(m);`, resolveDir: pkgDir, loader: "js" },
        bundle: true,
        platform,
        format: "esm",
        mainFields: ["module", "main"],
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      return Object.keys(out.metafile.inputs)
        .filter((input) => input.includes("dist/"))
        .map((input) => input.slice(input.indexOf("dist/")));
    };
    const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, "utf8")) as { exports: Record<string, unknown> };
    const specifiers = Object.keys(pkg.exports)
      .filter((key) => key !== "./package.json")
      .map((key) => `@codat/platform${key.slice(1).replace("*", "companiesList")}`);
    for (const specifier of specifiers) {
      const browser = await inputsFor(specifier, "browser");
      assert.ok(browser.includes("dist/browser/bundle.js") && browser.every((i) => i.startsWith("dist/browser/")), `${specifier} in a browser bundle: ${browser.join(", ")}`);
      for (const platform of ["node", "neutral"] as const) {
        const other = await inputsFor(specifier, platform);
        assert.ok(other.includes("dist/esm/bundle.js") && other.every((i) => i.startsWith("dist/esm/")), `${specifier} (${platform}): ${other.join(", ")}`);
      }
      // Each entry point exports the same names in both builds.
      const [esmEntry, browserEntry] = [await inputsFor(specifier, "node"), browser].map((list) => list.find((i) => !i.endsWith("bundle.js")));
      const [esmNames, browserNames] = await Promise.all(
        [esmEntry, browserEntry].map(async (entry) => Object.keys(await import(`${pkgDir}/${entry}`)).sort()),
      );
      assert.deepEqual(browserNames, esmNames, specifier);
    }
    assert.equal((await import("@codat/platform")).CodatPlatform, builds.node.CodatPlatform, "Node itself loads the Node build");
  });

  test("the code it leaves out is gone from it, and only that", () => {
    const browser = readFileSync(files.browser, "utf8");
    const node = readFileSync(files.node, "utf8");
    assert.match(node, /function compile\(/, "the Node build has the validation fast path");
    assert.ok(!/\bBROWSER_BUILD\b/.test(browser), "the build-target constant is folded away");
    assert.ok(!/function compile\(|\bNETWORK_CODES\b/.test(browser), "and the code behind it is gone");
    for (const name of ["CodatPlatform", "connectionsProxy", "verifyWebhook", "ResponseValidationError", "withRetries"]) {
      assert.match(browser, new RegExp(`\\b${name}\\b`), `the browser build still has ${name}`);
    }
  });

  test("answers from the real server are the Node build's, value for value", async () => {
    const results = [];
    for (const sdk of [builds.node, builds.browser]) {
      const client = new sdk.CodatPlatform({ authHeader: api.authHeader, serverURL: api.url });
      const company = await client.companies.create({ name: "Browser build Ltd", description: "side by side" });
      const got = await client.companies.get({ companyId: company.id });
      const page = await client.companies.list({ query: `id=${company.id}` });
      const token = await client.connectionManagement.getAccessToken({ companyId: company.id });
      const claims = JSON.parse(Buffer.from(String(token.accessToken).split(".")[1] ?? "", "base64url").toString());
      const missing = await rejection(client.companies.get({ companyId: "8a210b68-6988-41ed-a1eb-0242ac120002" }));
      assert.ok(missing instanceof sdk.ErrorMessage);
      assert.equal(claims.sub, company.id);
      assert.deepEqual(got, company);
      assert.deepEqual(page.results, [company]);
      assert.equal(page.links.self.href, page._links.self.href);
      results.push({
        company: { ...company, id: "-", created: "-", redirect: "-" },
        page: { ...page, results: [], links: { ...page.links, self: "-", current: "-" } },
        missing: { name: missing.name, statusCode: (missing as InstanceType<Build["ErrorMessage"]>).statusCode },
      });
    }
    assert.deepEqual(results[1], results[0]);
  });

  test("a body that breaks its schema: the same ResponseValidationError, issues and all", async () => {
    const errors = [];
    for (const sdk of [builds.node, builds.browser]) {
      script.reply({ body: { id: 1, name: 2, redirect: 3 } });
      const error = await rejection(new sdk.CodatPlatform({ serverURL: script.url }).companies.get({ companyId: "c" }, noRetries));
      assert.ok(error instanceof sdk.ResponseValidationError);
      errors.push({ message: error.message, issues: error.issues, pretty: error.pretty() });
    }
    assert.deepEqual(errors[1], errors[0]);
  });

  test("a refused connection is a ConnectionError naming the address in both (the system's details: Node build)", async () => {
    const url = await refusedURL();
    const { host } = new URL(url);
    const node = await rejection(new builds.node.CodatPlatform({ serverURL: url }).companies.list({}, noRetries));
    const browser = await rejection(new builds.browser.CodatPlatform({ serverURL: url }).companies.list({}, noRetries));
    assert.ok(node instanceof builds.node.ConnectionError && browser instanceof builds.browser.ConnectionError);
    assert.equal(node.message, `Unable to reach GET ${url}/companies: connect ECONNREFUSED ${host}`);
    // What a browser's fetch says is all there is to say: here undici's message.
    assert.equal(browser.message, `Unable to reach GET ${url}/companies: fetch failed`);
  });

  test("no User-Agent of its own: the browser sends its own", async () => {
    const agents = [];
    for (const sdk of [builds.node, builds.browser]) {
      script.reply({ body: { accessToken: "t" } });
      await new sdk.CodatPlatform({ serverURL: script.url }).connectionManagement.getAccessToken({ companyId: "c" });
      agents.push(script.received.at(-1)?.headers["user-agent"]);
    }
    assert.match(String(agents[0]), /^codat-platform-typescript\//);
    assert.ok(!String(agents[1]).startsWith("codat-platform-typescript/"), `the fetch's own: ${agents[1]}`);
  });
});
