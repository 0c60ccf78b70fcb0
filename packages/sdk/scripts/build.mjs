#!/usr/bin/env node
// Builds the package:
// - dist/cjs: CommonJS from tsc, file for file (valibot required at run time), with its own
//   `package.json` so that Node reads those .js files as CommonJS.
// - dist/esm/*.d.ts: the type declarations, from tsc.
// - dist/esm: all the code in ONE ES module, `bundle.js` (esbuild; only the valibot functions in
//   use are inlined), and for each public entry point a one-line module re-exporting its names
//   from it. One copy of each class, so `instanceof` holds across entry points, and two files to
//   load per import instead of a hundred: that is what keeps `import` cheap. Bundlers still
//   tree-shake it (sideEffects: false, pure annotations kept).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const run = (project, ...args) => execFileSync(process.execPath, [tsc, "-p", project, ...args], { cwd: pkg, stdio: "inherit" });

/** The public entry points (package.json "exports" targets), relative to src/ without extension. */
export const entryPoints = [
  "index",
  "core",
  "funcs/index",
  "models/index",
  "webhooks/index",
  "sdk/models/errors",
  "sdk/models/shared",
  "sdk/models/operations",
];

rmSync(`${pkg}/dist`, { recursive: true, force: true });
run("tsconfig.cjs.json");
writeFileSync(`${pkg}/dist/cjs/package.json`, '{ "type": "commonjs" }\n');
run("tsconfig.build.json", "--emitDeclarationOnly");

await build({
  absWorkingDir: pkg,
  stdin: {
    contents: entryPoints.map((e) => `export * from "./src/${e}.js";`).join("\n"),
    resolveDir: pkg,
    sourcefile: "bundle.ts",
    loader: "ts",
  },
  outfile: "dist/esm/bundle.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});

for (const entry of entryPoints) {
  const names = Object.keys(require(`${pkg}/dist/cjs/${entry}.js`)).filter((n) => n !== "__esModule");
  const file = `${pkg}/dist/esm/${entry}.js`;
  const from = relative(dirname(file), `${pkg}/dist/esm/bundle.js`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `export { ${names.join(", ")} } from "${from.startsWith(".") ? from : `./${from}`}";\n`);
}
