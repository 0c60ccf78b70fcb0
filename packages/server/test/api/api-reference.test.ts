// GET /docs, the browsable API reference: Swagger UI's own files, served from its package with
// their content types, a year of caching under a versioned path, ETags and gzip; a bootstrap
// page under a strict Content-Security-Policy; and, in headless Chromium, the reference
// rendered from /openapi.json with no console error and no CSP violation, down to a call made
// from it with an API key.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const VIEWER_DIR = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

describe("API reference (/docs)", () => {
  let server: TestServer;
  let page: string;
  let assets: string;

  before(async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/docs`);
    assert.equal(response.status, 200);
    page = await response.text();
    assets = /href="(\/docs\/assets\/[^/"]+\/)swagger-ui\.css"/.exec(page)?.[1] ?? "";
    assert.ok(assets, "the page links the viewer's stylesheet under a versioned path");
  });
  after(() => server.close());

  it("is a bootstrap page under a strict Content-Security-Policy, without inline script or style", async () => {
    const response = await fetch(`${server.url}/docs`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html; charset=utf-8/);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(response.headers.get("x-frame-options"), "DENY");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("cache-control"), "no-cache");
    assert.doesNotMatch(page, /<script>|<script [^>]*>[^<]|<style|style=/, "no inline script or style");
    assert.match(page, /data-url="\/openapi\.json"/);
  });

  it("serves the viewer's own files with their content types, a year of caching, ETags and gzip", async () => {
    const files: Array<[file: string, type: RegExp, fromPackage: boolean]> = [
      ["swagger-ui-bundle.js", /^text\/javascript; charset=utf-8$/, true],
      ["swagger-ui.css", /^text\/css; charset=utf-8$/, true],
      ["index.css", /^text\/css; charset=utf-8$/, true],
      ["favicon-32x32.png", /^image\/png$/, true],
      ["start.js", /^text\/javascript; charset=utf-8$/, false],
    ];
    for (const [file, type, fromPackage] of files) {
      const url = `${server.url}${assets}${file}`;
      const plain = await fetch(url, { headers: { "accept-encoding": "identity" } });
      assert.equal(plain.status, 200, file);
      assert.match(plain.headers.get("content-type") ?? "", type, file);
      assert.equal(plain.headers.get("cache-control"), "public, max-age=31536000, immutable", file);
      assert.equal(plain.headers.get("x-content-type-options"), "nosniff", file);
      const body = Buffer.from(await plain.arrayBuffer());
      if (fromPackage) assert.ok(body.equals(readFileSync(path.join(VIEWER_DIR, file))), `${file} is the package's file as shipped`);
      const etag = plain.headers.get("etag") ?? "";
      assert.match(etag, /^"[\w-]+"$/, file);
      const revalidated = await fetch(url, { headers: { "if-none-match": etag } });
      assert.equal(revalidated.status, 304, file);
      if (type.source.includes("image")) continue;
      // fetch would decompress on its own: ask for gzip and read the raw bytes through node:http.
      const zipped = await rawGet(url, { "accept-encoding": "gzip" });
      assert.equal(zipped.headers["content-encoding"], "gzip", file);
      assert.equal(zipped.headers.vary, "accept-encoding", file);
      assert.ok(gunzipSync(zipped.body).equals(body), `${file} gzipped is the same file`);
      if (file === "swagger-ui-bundle.js") assert.ok(zipped.body.length < body.length / 2, `the bundle goes out compressed (${zipped.body.length} of ${body.length} bytes)`);
    }
    assert.match(readFileSync(path.join(VIEWER_DIR, "package.json"), "utf8"), new RegExp(`"version": "${assets.split("/")[3]?.split("-")[0]}"`), "the path names the viewer's version");
  });

  it("serves nothing else from the package, and nothing under another version's path", async () => {
    for (const url of [
      `${assets}package.json`,
      `${assets}index.html`,
      `${assets}..%2Fpackage.json`,
      `${assets}swagger-initializer.js`,
      `/docs/assets/0.0.0-00000000/swagger-ui-bundle.js`,
    ]) {
      const response = await fetch(`${server.url}${url}`);
      assert.equal(response.status, 404, url);
      const body = (await response.json()) as { statusCode: number };
      assert.equal(body.statusCode, 404, `${url}: an ErrorMessage`);
    }
  });

  describe("in Chromium", { skip: chromiumSkipReason() }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => browser?.close());

    it("renders every operation from /openapi.json with no console error or CSP violation, and calls the API from it", async () => {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const problems: string[] = [];
      tab.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
      });
      tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      tab.on("response", (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });
      await tab.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      await tab.goto(`${server.url}/docs`);
      await tab.waitForSelector(".opblock", { timeout: 30_000 });

      const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(openapi.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
      assert.equal(await tab.locator(".opblock").count(), operations, "one block per operation");
      assert.ok(await tab.locator(".opblock-tag", { hasText: "Connection management" }).count(), "grouped by the contract's tags");
      assert.ok(await tab.locator(".opblock-summary-description", { hasText: "Get company access token" }).count());

      // Open one operation: the contract's description is rendered (Markdown); then call it with the API key.
      const created = await fetch(`${server.url}/companies`, {
        method: "POST",
        headers: { authorization: server.authHeader, "content-type": "application/json" },
        body: JSON.stringify({ name: "Reference Ltd" }),
      });
      const company = (await created.json()) as { id: string };
      await tab.evaluate((header) => (window as unknown as { ui: { preauthorizeApiKey(name: string, value: string): void } }).ui.preauthorizeApiKey("auth_header", header), server.authHeader);
      const block = tab.locator("#operations-Companies-get-company");
      await block.locator(".opblock-summary").click();
      await block.locator(".opblock-description-wrapper em", { hasText: "Get company" }).first().waitFor({ timeout: 10_000 });
      await block.locator("button.try-out__btn").click();
      // The field starts with the contract's example id; this company's id replaces it.
      const companyIdField = block.locator('tr[data-param-name="companyId"] input');
      assert.equal(await companyIdField.inputValue(), "8a210b68-6988-11ed-a1eb-0242ac120002");
      await companyIdField.fill(company.id);
      await block.locator("button.execute").click();
      const status = block.locator(".live-responses-table .response .response-col_status").first();
      await status.waitFor({ timeout: 10_000 });
      assert.equal((await status.textContent())?.trim(), "200");
      assert.match((await block.locator(".live-responses-table .response-col_description pre").first().textContent()) ?? "", /Reference Ltd/);

      assert.deepEqual(problems, []);
      await context.close();
    });
  });
});

/** A GET whose body is read as sent (fetch would decompress it). */
async function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
