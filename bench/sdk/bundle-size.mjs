#!/usr/bin/env node
// Minified + gzipped size of a browser app that only calls getAccessToken, bundled by esbuild:
// our class, our standalone function, and the reference SDK's class.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export const apps = {
  "ours, class": `
    import { CodatPlatform } from "@codat/platform";
    const client = new CodatPlatform({ authHeader: "Basic QVBJX0tFWQ==" });
    client.connectionManagement.getAccessToken({ companyId: "8a210b68-6988-11ed-a1eb-0242ac120002" }).then(console.log);`,
  "ours, standalone function": `
    import { CodatPlatformCore } from "@codat/platform/core";
    import { connectionManagementGetAccessToken } from "@codat/platform/funcs";
    const client = new CodatPlatformCore({ authHeader: "Basic QVBJX0tFWQ==" });
    connectionManagementGetAccessToken(client, { companyId: "8a210b68-6988-11ed-a1eb-0242ac120002" }).then(console.log);`,
  "reference 4.0.0, class": `
    import { CodatPlatform } from "@codat/platform-v4";
    const client = new CodatPlatform({ authHeader: "Basic QVBJX0tFWQ==" });
    client.connectionManagement.getAccessToken({ companyId: "8a210b68-6988-11ed-a1eb-0242ac120002" }).then(console.log);`,
};

/** { name: { minified, gzipped } } in bytes. */
export async function measureBundles() {
  const sizes = {};
  for (const [name, contents] of Object.entries(apps)) {
    const out = await build({
      stdin: { contents, resolveDir: root, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const code = out.outputFiles[0].contents;
    sizes[name] = { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
  }
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, s] of Object.entries(await measureBundles())) {
    console.log(`${name.padEnd(28)} ${(s.minified / 1024).toFixed(1).padStart(7)} KB min  ${(s.gzipped / 1024).toFixed(1).padStart(6)} KB min+gz`);
  }
}
