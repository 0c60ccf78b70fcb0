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
// - dist/browser: the same for bundlers targeting browsers (the `browser` condition of
//   package.json "exports"), made with what only Node needs left out (see lib/build-target.ts).
// Comments: the bundles leave out the sources' comments (see without-comments.mjs).
// Source maps: only the bundle's, which carries the sources it maps to (sourcesContent), since
// the package ships no src/. No declaration maps and no CommonJS maps: they would point at
// src/ files an installed package does not have (test/install.test.ts checks the tarball).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { restoreSources, withoutComments } from "./without-comments.mjs";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const run = (project, ...args) => execFileSync(process.execPath, [tsc, "-p", project, ...args], { cwd: pkg, stdio: "inherit" });

/** The public entry points (package.json "exports" targets), relative to src/ without extension. */
export const entryPoints = [
  "index",
  "core",
  "funcs/index",
  // Each standalone function is also its own import path: `@codat/platform/funcs/companiesList.js`.
  ...readdirSync(`${pkg}/src/funcs`)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .map((f) => `funcs/${f.slice(0, -3)}`),
  "models/index",
  "webhooks/index",
  "sdk/models/errors",
  "sdk/models/shared",
  "sdk/models/operations",
  "compat/lib/http",
  "compat/lib/config",
  "compat/lib/retries",
];

rmSync(`${pkg}/dist`, { recursive: true, force: true });
run("tsconfig.cjs.json");
writeFileSync(`${pkg}/dist/cjs/package.json`, '{ "type": "commonjs" }\n');
run("tsconfig.build.json", "--emitDeclarationOnly");

// The names each entry exports at run time (its CommonJS build knows them). A name two entries
// export with different values (`SourceType`: the models' schema, `sdk/models/shared`'s enum
// object) gets an alias in the bundle, so that each entry re-exports its own.
const bundleNames = new Map(); // name in the bundle -> value
const exportsOf = entryPoints.map((entry) => {
  const module = require(`${pkg}/dist/cjs/${entry}.js`);
  const names = Object.keys(module).filter((n) => n !== "__esModule");
  return names.map((name) => {
    let alias = name;
    for (let n = 1; bundleNames.has(alias) && bundleNames.get(alias) !== module[name]; n++) alias = `${name}$${n}`;
    const first = !bundleNames.has(alias); // the bundle exports each binding once, from the first entry that has it
    bundleNames.set(alias, module[name]);
    return { name, alias, first };
  });
});
const bundleExports = (i) => exportsOf[i].filter((e) => e.first).map(({ name, alias }) => (name === alias ? name : `${name} as ${alias}`));

const bundleSource = {
  contents: entryPoints.map((e, i) => `export { ${bundleExports(i).join(", ")} } from "./src/${e}.js";`).join("\n"),
  resolveDir: pkg,
  sourcefile: "bundle.ts",
  loader: "ts",
};
const bundleOptions = {
  absWorkingDir: pkg,
  stdin: bundleSource,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  sourcesContent: true,
  logLevel: "warning",
  plugins: [withoutComments],
};
await build({ ...bundleOptions, outfile: "dist/esm/bundle.js" });
restoreSources(`${pkg}/dist/esm/bundle.js.map`);

// The browser build: `lib/build-target.browser.ts` in place of `lib/build-target.ts`, and the
// branches it turns off dropped. esbuild inlines the constant only as it writes the bundle, so a
// second pass over that bundle folds the dead branches and drops what only they used (it
// follows the first pass's source map; names and layout are kept, only the syntax is minified).
const browserTarget = {
  name: "browser-build-target",
  setup(b) {
    b.onResolve({ filter: /\/build-target\.js$/ }, (args) => ({ path: `${dirname(args.importer)}/build-target.browser.ts` }));
  },
};
const stage = "dist/browser/.bundle.stage.js";
await build({ ...bundleOptions, outfile: stage, minifySyntax: true, plugins: [browserTarget, withoutComments] });
await build({ ...bundleOptions, stdin: undefined, entryPoints: [stage], outfile: "dist/browser/bundle.js", minifySyntax: true, plugins: [] });
rmSync(`${pkg}/${stage}`);
rmSync(`${pkg}/${stage}.map`);
restoreSources(`${pkg}/dist/browser/bundle.js.map`);

// Each entry point as a module of one line, in each build: dist/esm/<entry>.js over
// dist/esm/bundle.js, and dist/browser/<entry>.js over dist/browser/bundle.js (package.json
// "exports" lists the latter under the `browser` condition). Relative imports: a `#bundle`
// import map would pick the build by condition too, but costs Node ~1 ms more per import.
for (const target of ["esm", "browser"]) {
  entryPoints.forEach((entry, i) => {
    const names = exportsOf[i].map(({ name, alias }) => (name === alias ? name : `${alias} as ${name}`));
    const file = `${pkg}/dist/${target}/${entry}.js`;
    const from = relative(dirname(file), `${pkg}/dist/${target}/bundle.js`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `export { ${names.join(", ")} } from "${from.startsWith(".") ? from : `./${from}`}";\n`);
  });
}
