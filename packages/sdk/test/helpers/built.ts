// For the tests that run the built package (dist/): whether it is there, and what to do when it
// is not. `npm test` builds first; a test file run alone without dist/ skips and says why,
// except under CI, where a missing build is an error rather than a quietly green suite.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package's folder, packages/sdk/. */
export const sdkDir = fileURLToPath(new URL("../..", import.meta.url));

/** Whether dist/ holds the ES module, CommonJS and browser builds. */
export const built = ["dist/esm/index.js", "dist/cjs/index.js", "dist/browser/index.js"].every((file) => existsSync(`${sdkDir}/${file}`));

/** The `skip` option of a suite that needs dist/. */
export const skipUnlessBuilt = !built && "dist/ not built";

/**
 * For a `before` hook: true when dist/ is built; otherwise prints that `what` is skipped and how
 * to build, and returns false (under CI it throws instead).
 */
export function requireBuilt(what: string): boolean {
  if (built) return true;
  const why = `${what} skipped: dist/ is missing; run \`npm run build -w packages/sdk\` (npm test builds first)`;
  if (process.env.CI === "true") throw new Error(why);
  console.warn(why);
  return false;
}
