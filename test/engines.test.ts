// `engines.node` tells the truth: every Node version a package of this repository says it runs
// on is one that each installed package it needs says it runs on too (a semver subset check).
//
// - Each workspace is checked against its runtime dependencies (`dependencies` and
//   `optionalDependencies`, then theirs, found as Node finds them: the nearest node_modules up
//   the tree), where `npm install` would warn "EBADENGINE" otherwise, or the package would not
//   load at all.
// - A workspace that declares no `engines.node` (the test kit, the browser component) is held
//   to the repository's, the root package.json's.
// - The root is the development checkout: its own needs are the workspaces (it runs them:
//   `npm start`, `npm test`) and its devDependencies (the tools `npm run lint` / `npm test` run).
import assert from "node:assert/strict";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import semver from "semver";

const root = fileURLToPath(new URL("..", import.meta.url));

interface PackageJson {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
}

const readPackage = (file: string): PackageJson => JSON.parse(readFileSync(file, "utf8")) as PackageJson;

/** Where Node would find `name` from `directory`: the nearest node_modules/<name> up the tree. */
function findPackage(name: string, directory: string): string | undefined {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) return realpathSync(file);
    if (path.dirname(dir) === dir) return undefined;
  }
}

interface Requirement {
  name: string;
  version: string;
  node: string;
  via: string;
}

/** Every package `start` needs to run, however deep, with the Node versions it declares. */
function requirementsOf(directory: string, start: Record<string, string>, optional: Set<string>, label: string): { requirements: Requirement[]; missing: string[] } {
  const requirements: Requirement[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const queue: Array<{ name: string; from: string; via: string; optional: boolean }> = Object.keys(start).map((name) => ({
    name,
    from: directory,
    via: label,
    optional: optional.has(name),
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const file = findPackage(next.name, next.from);
    if (!file) {
      // An optional dependency for another platform is not installed here; a required one must be.
      if (!next.optional) missing.push(`${next.name} (needed by ${next.via})`);
      continue;
    }
    if (seen.has(file)) continue;
    seen.add(file);
    const pkg = readPackage(file);
    if (pkg.engines?.node) requirements.push({ name: pkg.name, version: pkg.version, node: pkg.engines.node, via: next.via });
    const optionalOfIt = new Set(Object.keys(pkg.optionalDependencies ?? {}));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      queue.push({ name, from: path.dirname(file), via: pkg.name, optional: optionalOfIt.has(name) });
    }
  }
  return { requirements, missing };
}

const rootPackage = readPackage(path.join(root, "package.json"));
const rootRange = rootPackage.engines?.node;
const workspaces = (rootPackage.workspaces ?? []).map((workspace) => ({ directory: path.join(root, workspace), pkg: readPackage(path.join(root, workspace, "package.json")) }));

function problemsOf(label: string, range: string, requirements: Requirement[]): string[] {
  return requirements
    .filter((requirement) => !semver.subset(range, requirement.node))
    .map((requirement) => `${label} claims node ${range}, but ${requirement.name}@${requirement.version} (via ${requirement.via}) needs ${requirement.node}`);
}

test("the repository declares the Node versions it runs on", () => {
  assert.ok(rootRange && semver.validRange(rootRange), `root package.json engines.node: ${rootRange}`);
  assert.ok(semver.satisfies(process.version, rootRange), `this Node (${process.version}) is one the repository claims (${rootRange})`);
});

for (const { directory, pkg } of workspaces) {
  test(`${pkg.name}: engines.node is no wider than its runtime dependencies'`, () => {
    const range = pkg.engines?.node ?? rootRange ?? "*";
    assert.ok(semver.validRange(range), `${pkg.name} engines.node: ${range}`);
    const { requirements, missing } = requirementsOf(directory, { ...pkg.dependencies, ...pkg.optionalDependencies }, new Set(Object.keys(pkg.optionalDependencies ?? {})), pkg.name);
    assert.deepEqual(missing, [], "every runtime dependency is installed");
    assert.deepEqual(problemsOf(pkg.name, range, requirements), []);
  });
}

test("the root: engines.node is no wider than what its workspaces and tools need", () => {
  assert.ok(rootRange);
  const problems: string[] = [];
  for (const { pkg } of workspaces) {
    if (pkg.engines?.node && !semver.subset(rootRange, pkg.engines.node)) problems.push(`root claims node ${rootRange}, but workspace ${pkg.name} needs ${pkg.engines.node}`);
  }
  const { requirements, missing } = requirementsOf(root, rootPackage.devDependencies ?? {}, new Set(), "the root's devDependencies");
  assert.deepEqual(missing, [], "every devDependency is installed");
  problems.push(...problemsOf("root", rootRange, requirements));
  assert.deepEqual(problems, []);
});

test("the check itself refuses a range wider than a dependency's", () => {
  const requirement = { name: "cookie", version: "2.0.2", node: ">=22", via: "light-my-request" };
  assert.equal(problemsOf("a package", ">=20", [requirement]).length, 1, "Node 20 does not satisfy >=22");
  assert.equal(problemsOf("a package", ">=22", [requirement]).length, 0);
  assert.equal(problemsOf("a package", "^20.18.1 || 22.x", [{ ...requirement, node: "20.x || 22.x || 23.x" }]).length, 0);
  assert.equal(problemsOf("a package", "^20.18.1 || >=22", [{ ...requirement, node: "20.x || 22.x || 23.x" }]).length, 1, "Node 24 is not among 20.x, 22.x, 23.x");
});
