// The package as a user outside this repository gets it: `npm pack`, then installed into a fresh
// project in the system's temp folder under the official name through an npm alias
// (`npm install @codat/platform@file:<tarball>`; valibot comes from the local npm cache), where
// the seed example (examples/get-access-token.ts), copied unchanged, runs against the real server:
// type-checked by `tsc --strict` (module NodeNext), then run as ES module and as CommonJS; and
// bundled for the browser by esbuild, run in headless Chromium. The tarball must hold exactly
// what users need, and no map pointing at sources it does not carry.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test, type TestContext } from "node:test";
import { build } from "esbuild";
import { chromiumSkipReason, launchChromium } from "@codat/test-kit/browser";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { skipLoudly } from "@codat/test-kit/skips";
import { skipUnlessBuilt } from "./helpers/built.js";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(pkgDir, "../..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const SEED_EXAMPLE = path.join(repoRoot, "examples/get-access-token.ts");

/** What the tarball may hold, besides package.json: the build, the docs, the README and a licence. */
const SHIPPED = /^(dist\/(esm|cjs|browser)\/|docs\/|README\.md$|LICENSE(\.md|\.txt)?$|package\.json$)/;
/** npm's own failures for a package it can neither find in its cache nor fetch. */
const OFFLINE = /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network/i;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end without blocking this process, whose event loop serves the test
 * server the command may be calling.
 */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  // npm run by a parent npm (npm test) exports its own project and workspace settings: the child
  // npm must see the temp project, not this repository.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root)$/i.test(k)));
  const child = spawn(command, args, { cwd, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, "close")) as [number | null];
  return { status, stdout, stderr };
}

const output = (result: Run) => `${result.stdout}\n${result.stderr}`.trim();

function claims(token: string): { sub: string; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/** Every string target of an `exports` map entry (all conditions). */
function targetsOf(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (node === null || typeof node !== "object") return [];
  return Object.values(node).flatMap(targetsOf);
}

/** What `*` stands for in each file matching a subpath-pattern target (`./dist/esm/funcs/*.js`). */
function starMatches(target: string, files: Iterable<string>): string[] {
  const [head, tail] = path.posix.normalize(target).split("*") as [string, string];
  return [...files].filter((f) => f.startsWith(head) && f.endsWith(tail) && f.length > head.length + tail.length).map((f) => f.slice(head.length, f.length - tail.length)).sort();
}

describe("the packed SDK, installed outside the repository", { skip: skipUnlessBuilt }, () => {
  let work: string;
  let project: string;
  let installed: string;
  let tarballFiles: string[] = [];
  let installError: string | undefined;
  let typecheck: Run;
  let server: TestServer;
  let companyId: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "codat-sdk-install-"));
    project = path.join(work, "app");
    installed = path.join(project, "node_modules/@codat/platform");
    const packed = await run("npm", ["pack", "-w", "packages/sdk", "--pack-destination", work, "--json"], repoRoot);
    assert.equal(packed.status, 0, output(packed));
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarballFiles = info!.files.map((f) => f.path);
    const tarball = path.join(work, info!.filename);

    // A fresh project, as a user starts one; nothing of this repository is reachable from here.
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), `${JSON.stringify({ name: "seed-example", private: true, type: "module" }, null, 2)}\n`);
    const install = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", `@codat/platform@file:${tarball}`], project);
    if (install.status !== 0) {
      installError = output(install);
      return;
    }

    // The seed example, byte for byte, as an ES module (.ts) and as CommonJS (.cts).
    copyFileSync(SEED_EXAMPLE, path.join(project, "get-access-token.ts"));
    copyFileSync(SEED_EXAMPLE, path.join(project, "get-access-token.cts"));
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        // As `tsc --init` sets it: the example's use of the package is checked against its
        // declarations (which tsc generated from checked sources); checking all of @types/node
        // and valibot's declarations as well would take minutes on a busy machine.
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
      },
      files: ["get-access-token.ts", "get-access-token.cts"],
    };
    writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    typecheck = await run(process.execPath, [tsc, "-p", "tsconfig.json"], project);

    server = await startTestServer();
    const created = await fetch(`${server.url}/companies`, {
      method: "POST",
      headers: { authorization: server.authHeader, "content-type": "application/json" },
      body: JSON.stringify({ name: "Installed Ltd" }),
    });
    companyId = ((await created.json()) as { id: string }).id;
  });

  after(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The install needs valibot from the npm cache (or the registry): without either, skip loudly (fail under CI). */
  function requireInstalled(t: TestContext): boolean {
    if (installError === undefined) return true;
    if (!OFFLINE.test(installError)) assert.fail(`npm install of the tarball failed:\n${installError}`);
    skipLoudly(t, `SDK install check: npm could not fetch the SDK's dependencies (${installError.split("\n")[0]})`, "run `npm install` once with network access so that valibot is in the npm cache");
    return false;
  }

  test("the tarball holds the build, README and docs, and no map pointing at missing sources", (t) => {
    if (!requireInstalled(t)) return;
    const stray = tarballFiles.filter((file) => !SHIPPED.test(file));
    assert.deepEqual(stray, [], "only dist/, docs/, README, LICENSE and package.json are shipped");
    for (const file of ["README.md", "dist/esm/index.js", "dist/esm/index.d.ts", "dist/browser/index.js", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/package.json"]) {
      assert.ok(tarballFiles.includes(file), `${file} is shipped`);
    }
    assert.ok(tarballFiles.some((file) => file.startsWith("docs/")), "the docs are shipped");
    if (existsSync(path.join(pkgDir, "LICENSE"))) assert.ok(tarballFiles.includes("LICENSE"));
    assert.deepEqual(tarballFiles.filter((file) => file.endsWith(".d.ts.map")), [], "no declaration maps");

    const onDisk = new Set(filesUnder(installed));
    assert.deepEqual([...onDisk].sort(), [...tarballFiles].sort(), "npm installed what was packed");
    for (const file of tarballFiles.filter((f) => f.endsWith(".js"))) {
      const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(installed, file), "utf8"))?.[1];
      if (reference) assert.ok(onDisk.has(path.posix.join(path.posix.dirname(file), reference)), `${file} names a map that is shipped`);
    }
    for (const file of tarballFiles.filter((f) => f.endsWith(".map"))) {
      const map = JSON.parse(readFileSync(path.join(installed, file), "utf8")) as { sources: string[]; sourcesContent?: Array<string | null> };
      map.sources.forEach((source, i) => {
        const carried = typeof map.sourcesContent?.[i] === "string" || onDisk.has(path.posix.join(path.posix.dirname(file), source));
        assert.ok(carried, `${file}: source ${source} is neither embedded nor shipped`);
      });
    }
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as { exports: Record<string, unknown>; main: string; types: string };
    for (const target of [manifest.main, manifest.types]) assert.ok(onDisk.has(path.posix.normalize(target)), `${target} is shipped`);
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const targets = targetsOf(conditions);
      if (!subpath.includes("*")) {
        for (const target of targets) assert.ok(onDisk.has(path.posix.normalize(target)), `exports["${subpath}"] → ${target} is shipped`);
        continue;
      }
      // A pattern must resolve to the same names under every condition (import and require, types and code).
      const [first, ...others] = targets.map((target) => ({ target, names: starMatches(target, onDisk) }));
      assert.ok(first && first.names.length > 0, `exports["${subpath}"] → ${first?.target} matches shipped files`);
      for (const other of others) assert.deepEqual(other.names, first.names, `exports["${subpath}"]: ${other.target} offers what ${first.target} does`);
    }
  });

  test("resolves @codat/platform and valibot inside the fresh project", async (t) => {
    if (!requireInstalled(t)) return;
    const resolved = await run(process.execPath, ["-e", "console.log(require.resolve('@codat/platform')); console.log(require.resolve('valibot'))"], project);
    assert.equal(resolved.status, 0, output(resolved));
    for (const line of resolved.stdout.trim().split("\n")) assert.ok(line.startsWith(project), `${line} is inside ${project}`);
  });

  test("type-checks the seed example under tsc --strict, module NodeNext (ESM and CommonJS)", (t) => {
    if (!requireInstalled(t)) return;
    assert.equal(typecheck.status, 0, output(typecheck));
    assert.match(readFileSync(path.join(project, "get-access-token.js"), "utf8"), /from "@codat\/platform"/);
    assert.match(readFileSync(path.join(project, "get-access-token.cjs"), "utf8"), /require\("@codat\/platform"\)/);
  });

  for (const [kind, file] of [["an ES module", "get-access-token.js"], ["CommonJS (require)", "get-access-token.cjs"]] as const) {
    test(`runs the seed example as ${kind} against the real server`, async (t) => {
      if (!requireInstalled(t)) return;
      assert.ok(existsSync(path.join(project, file)), `tsc emitted ${file}`);
      const example = await run(process.execPath, [file], project, {
        CODAT_AUTH_HEADER: server.authHeader,
        CODAT_COMPANY_ID: companyId,
        CODAT_SERVER_URL: server.url,
      });
      assert.equal(example.status, 0, output(example));
      const token = /accessToken: '([^']+)'/.exec(example.stdout)?.[1];
      assert.ok(token, `the example printed { accessToken: '...' }: ${example.stdout}`);
      const { sub, iat, exp } = claims(token);
      assert.equal(sub, companyId);
      assert.equal(exp - iat, 3600, "a one-hour token");
    });
  }

  test("bundles for the browser with no Node built-in and runs in headless Chromium", { skip: chromiumSkipReason() }, async (t) => {
    if (!requireInstalled(t)) return;
    // The seed's code as a page runs it: the values a back end would have handed over.
    const entry = `import { CodatPlatform } from "@codat/platform";
      export async function run(authHeader, serverURL, companyId) {
        const codatPlatform = new CodatPlatform({ authHeader, serverURL });
        return codatPlatform.connectionManagement.getAccessToken({ companyId });
      }`;
    const bundle = await build({
      stdin: { contents: entry, resolveDir: project, loader: "js" },
      bundle: true,
      format: "iife",
      globalName: "seedExample",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    assert.ok(inputs.some((input) => input.includes("node_modules/@codat/platform/dist/browser/bundle.js")), `bundled the installed browser build: ${inputs.join(", ")}`);
    const imports = Object.values(bundle.metafile.inputs).flatMap((input) => input.imports);
    assert.deepEqual(imports.filter((i) => i.external || i.path.startsWith("node:")), [], "no Node built-in and nothing left external");
    const code = bundle.outputFiles[0]!.text;
    assert.ok(!/\brequire\(|\bfrom\s*["']node:/.test(code), "no require() or node: import in the bundle");

    const browser = await launchChromium();
    t.after(() => browser.close());
    const page = await browser.newPage();
    // Same origin as the API, as a host application's own back end would be.
    await page.goto(`${server.url}/healthz`);
    await page.addScriptTag({ content: code });
    const result = await page.evaluate(
      ([authHeader, serverURL, id]) => (globalThis as unknown as { seedExample: { run(a: string, s: string, c: string): Promise<{ accessToken: string }> } }).seedExample.run(authHeader, serverURL, id),
      [server.authHeader, server.url, companyId] as const,
    );
    assert.equal(claims(result.accessToken).sub, companyId);
  });
});
