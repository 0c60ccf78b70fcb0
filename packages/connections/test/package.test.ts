// The installable package: `npm pack` of packages/connections (as built), installed into a
// host application's node_modules. A host written against Codat's Connections SDK names
// (`@codat/sdk-connections`: CodatConnectionsProps, ErrorCallbackArgs, initCodatConnections...)
// type-checks against it with `tsc --strict`, under both module resolutions a host may use;
// and the packed module, bundled into the host's own assets, works in Chromium against a real
// server, which it finds through the token's issuer.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import { accessToken, NONCE, seedCompany, setAllowedOrigins } from "@codat/test-kit/connections";
import { startTestServer } from "@codat/test-kit/server";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** A host application's code, written against Codat's documented names only. */
const HOST_APP = `
import {
  CodatConnections,
  initCodatConnections,
  type CodatConnectionsOptions,
  type CodatConnectionsProps,
  type CodatTextOptions,
  type ConnectionCallbackArgs,
  type DisconnectCallbackArgs,
  type ErrorCallbackArgs,
  type ReconnectCallbackArgs,
} from "@codat/connections";

// Copy per locale, as Codat's locales example keeps it.
const locales: Record<"default" | "fr", CodatTextOptions> = {
  default: { "accounting.connectionDetails.dataTypes": ["Invoices", "Journal entries"] },
  fr: { "accounting.connectionDetails.dataTypes": ["Factures", "Écritures"], "banking.connectionDetails.dataTypes": ["Transactions"] },
};

const onDisconnect = (connection: DisconnectCallbackArgs): string => connection.connectionId;
const onReconnect = (connection: ReconnectCallbackArgs): string => connection.connectionId;
const onError = (error: ErrorCallbackArgs): void => {
  const recoverable: boolean = error.userRecoverable;
  const details: [string | undefined, string | undefined, number | undefined] = [error.correlationId, error.message, error.errorCode];
  console.log(recoverable, details);
};
const logConnection = ({ connectionId }: ConnectionCallbackArgs): void => console.log(connectionId);

// A framework wrapper's shape (React's useEffect, Vue's onMounted): mount once into an element.
export function mountConnections(target: HTMLDivElement | null, props: CodatConnectionsProps): void {
  if (target && target.children.length === 0) initCodatConnections(target, props);
}

export function open(target: HTMLDivElement, accessToken: string, locale: keyof typeof locales): CodatConnections {
  const options: CodatConnectionsOptions = { text: locales[locale] };
  const props: CodatConnectionsProps = { accessToken, onClose: () => undefined, onError, onDisconnect, onReconnect, options };
  mountConnections(target, props);
  // Codat's plain JavaScript snippet, and Angular's inline callbacks (typed from the props).
  const ui = new CodatConnections({
    target,
    props: {
      accessToken,
      onClose: () => ui.destroy(),
      onDisconnect: (connection) => logConnection(connection),
      onReconnect: (connection) => console.log(connection.connectionId.toUpperCase()),
      onError: (error) => console.log(error.message?.length, error.userRecoverable),
    },
  });
  return ui;
}

// The types are real, not \`any\`: each of these must be refused.
// @ts-expect-error the access token is required
initCodatConnections(document.createElement("div"), { onClose: () => undefined });
// @ts-expect-error data types are a list of strings
const wrongText: CodatTextOptions = { "banking.connectionDetails.dataTypes": "Transactions" };
// @ts-expect-error onError's argument has no such field
const wrongError = (error: ErrorCallbackArgs) => error.statusCode;
console.log(wrongText, wrongError);
`;

describe("the installable package", () => {
  let hostDir: string;
  let installed: string;

  before(() => {
    hostDir = mkdtempSync(path.join(tmpdir(), "connections-host-"));
    // As published: only the files package.json lists (scripts off: dist is already built).
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", hostDir], { cwd: packageDir, encoding: "utf8" }),
    ) as { filename: string }[];
    installed = path.join(hostDir, "node_modules", "@codat", "connections");
    mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(hostDir, packed!.filename), "-C", installed, "--strip-components=1"]);
  });
  after(() => rmSync(hostDir, { recursive: true, force: true }));

  it("holds the ES module and its declarations, with exports that point at them", () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as {
      name: string;
      type: string;
      exports: Record<string, { types: string; import: string }>;
    };
    assert.equal(manifest.name, "@codat/connections");
    assert.equal(manifest.type, "module");
    for (const file of [manifest.exports["."]!.types, manifest.exports["."]!.import]) {
      assert.ok(readFileSync(path.join(installed, file), "utf8").length > 0, file);
    }
    const declarations = readFileSync(path.join(installed, "dist", "index.d.ts"), "utf8");
    assert.match(declarations, /initCodatConnections/);
    assert.match(declarations, /ErrorCallbackArgs/);
  });

  for (const resolution of ["nodenext", "bundler"] as const) {
    it(`type-checks a host written against Codat's names with tsc --strict (${resolution} resolution)`, () => {
      const dir = path.join(hostDir, resolution);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
      writeFileSync(path.join(dir, "host-app.ts"), HOST_APP);
      const compilerOptions = {
        noEmit: true,
        skipLibCheck: false,
        target: "es2022",
        lib: ["es2022", "dom"],
        types: [],
        module: resolution === "bundler" ? "esnext" : "nodenext",
        moduleResolution: resolution,
      };
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["host-app.ts"] }));
      try {
        execFileSync(process.execPath, [tsc, "-p", dir, "--strict"], { cwd: dir, encoding: "utf8", stdio: "pipe" });
      } catch (error) {
        assert.fail(`tsc refused the host app:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
      }
    });
  }

  describe("bundled into a host's own assets, in Chromium", { skip: chromiumSkipReason() }, () => {
    it("finds the API through the token's issuer and lists the connections", async () => {
      const server = await startTestServer();
      const bundle = readFileSync(path.join(installed, "dist", "connections-sdk.js"));
      // The host serves the packed module as one of its own files, under a name of its own.
      const host: Server = createServer((request, response) => {
        if (request.url === "/assets/vendor-4f2a.js") {
          response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
          return;
        }
        response
          .writeHead(200, {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; connect-src ${server.url}; img-src ${server.url}`,
          })
          .end(`<!doctype html><div id="target" style="width:460px;height:600px"></div>
<script type="module" nonce="${NONCE}">
import { initCodatConnections } from "/assets/vendor-4f2a.js";
window.errors = [];
window.mountWith = (accessToken) => {
  initCodatConnections(document.getElementById("target"), {
    accessToken, options: { nonce: "${NONCE}" }, onError: (error) => window.errors.push(error),
  });
};
</script>`);
      });
      await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      const browser = await launchChromium();
      try {
        await setAllowedOrigins(server, [origin]);
        const company = await seedCompany(server, "Bundled Ltd", [["gbol", "Linked"]]);
        const token = await accessToken(server, company.companyId);
        const page = await browser.newPage();
        await page.goto(`${origin}/`);
        await page.waitForFunction(() => "mountWith" in window);
        await page.evaluate((t) => (window as unknown as { mountWith(t: string): void }).mountWith(t), token);
        await page.waitForSelector("li.connection[data-status=Linked] >> text=Xero").catch(async (error: Error) => {
          throw new Error(`${error.message}\nreported: ${JSON.stringify(await page.evaluate(() => (window as unknown as { errors: unknown[] }).errors))}`);
        });
      } finally {
        await browser.close();
        await new Promise((resolve) => host.close(resolve));
        await server.close();
      }
    });
  });
});
