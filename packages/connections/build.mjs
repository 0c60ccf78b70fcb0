#!/usr/bin/env node
// Builds the component into ONE ES module, dist/connections-sdk.js, plus its type
// declarations (dist/index.d.ts), and fails when the module outgrows its size budget.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const outfile = `${here}dist/connections-sdk.js`;
const BUDGET_GZIP_BYTES = 25 * 1024;

rmSync(`${here}dist`, { recursive: true, force: true });

await build({
  entryPoints: [`${here}src/index.ts`],
  outfile,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome100", "firefox100", "safari16"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", `${here}tsconfig.build.json`], { stdio: "inherit" });

const bytes = readFileSync(outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`connections-sdk.js: ${bytes.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`);
if (gzipped > BUDGET_GZIP_BYTES) {
  console.error("connections-sdk.js is over its gzipped size budget");
  process.exit(1);
}
