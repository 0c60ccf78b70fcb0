// The reference pages, docs/sdks/<resource>/README.md, one per resource of the client:
// - every public method of every resource class has its section (found by walking the classes'
//   prototypes from `CodatPlatform`, nested resources such as `connectionManagement.corsSettings`
//   included), and every section is a method that exists: a new method without its page fails;
// - each section has its signature, example, parameters, response and errors, and its example
//   calls that method;
// - a method (or resource) marked `@deprecated` in the source is marked deprecated on its page,
//   and only those are;
// - every example on the pages compiles (tsc, strict, NodeNext) against this package and runs
//   against a real server, its placeholders pointed at it (test/compat: the same machinery that
//   runs the official clients' own examples).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test, type TestContext } from "node:test";
import ts from "typescript";
import { skipLoudly } from "@codat/test-kit/skips";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { CodatPlatform } from "../src/index.js";
import { createFixtures, idFieldsOf, pointAtServer } from "./compat/example-fixtures.js";
import { createExampleProject, type ExampleProject } from "./compat/example-project.js";
import { extractExamples } from "./compat/extract-examples.js";

const sdkDir = fileURLToPath(new URL("..", import.meta.url));
const pagesDir = join(sdkDir, "docs", "sdks");
const built = existsSync(join(sdkDir, "dist/esm/index.js"));
const RUN_TIMEOUT_MS = 30_000;

type Instance = Record<string, unknown>;

/** `@deprecated` members of the client's classes, read from the source: class name → member names. */
function deprecatedMembers(): Map<string, Set<string>> {
  const files = [join(sdkDir, "src/sdk.ts"), ...readdirSync(join(sdkDir, "src/resources")).map((name) => join(sdkDir, "src/resources", name))];
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = new Set<string>();
      for (const member of node.members) {
        if (member.name && ts.isIdentifier(member.name) && ts.getJSDocTags(member).some((tag) => tag.tagName.text === "deprecated")) names.add(member.name.text);
      }
      out.set(node.name.text, names);
    });
  }
  return out;
}

interface Method {
  /** `list`, `corsSettings.get`. */
  path: string;
  deprecated: boolean;
}

/** The public methods of a resource object, through its nested resources (getters returning objects). */
function methodsOf(instance: Instance, deprecations: Map<string, Set<string>>, prefix = "", inherited = false): Method[] {
  const prototype = Object.getPrototypeOf(instance) as object;
  const deprecated = deprecations.get(prototype.constructor.name) ?? new Set<string>();
  const methods: Method[] = [];
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(prototype))) {
    if (name === "constructor" || name.startsWith("_")) continue;
    const isDeprecated = inherited || deprecated.has(name);
    if (typeof descriptor.value === "function") methods.push({ path: `${prefix}${name}`, deprecated: isDeprecated });
    else if (descriptor.get) methods.push(...methodsOf(instance[name] as Instance, deprecations, `${prefix}${name}.`, isDeprecated));
  }
  return methods;
}

/** The client's resources (`companies`, `connectionManagement`, ...) and their methods. */
function resources(): Array<{ name: string; methods: Method[] }> {
  const deprecations = deprecatedMembers();
  const client = new CodatPlatform({ authHeader: "Basic eA==", serverURL: "http://127.0.0.1:9" }) as unknown as Instance;
  const ofClient = deprecations.get("CodatPlatform") ?? new Set<string>();
  return Object.entries(Object.getOwnPropertyDescriptors(CodatPlatform.prototype))
    .filter(([, descriptor]) => descriptor.get)
    .map(([name]) => ({ name, methods: methodsOf(client[name] as Instance, deprecations, "", ofClient.has(name)) }));
}

/** A page's `## <method>` sections (the Overview excepted), by method. */
function sectionsOf(page: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = page.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf("\n");
    const title = part.slice(0, newline).trim();
    if (title !== "Overview") sections.set(title, part.slice(newline + 1));
  }
  return sections;
}

const pageFile = (resource: string) => join(pagesDir, resource.toLowerCase(), "README.md");

describe("SDK reference pages (docs/sdks)", () => {
  const all = resources();

  test("the walk finds the client's resources and methods", () => {
    const names = all.map((r) => r.name);
    for (const expected of ["companies", "connections", "connectionManagement", "settings", "integrations", "webhooks"]) assert.ok(names.includes(expected), expected);
    const methods = all.flatMap((r) => r.methods.map((m) => `${r.name}.${m.path}`));
    for (const expected of ["companies.getAccessToken", "settings.get", "settings.set", "connectionManagement.getAccessToken", "connectionManagement.corsSettings.set", "connections.proxy"]) {
      assert.ok(methods.includes(expected), expected);
    }
    assert.ok(all.find((r) => r.name === "connectionManagement")?.methods.find((m) => m.path === "getAccessToken")?.deprecated, "a @deprecated method is seen as such");
  });

  for (const resource of all) {
    test(`${resource.name}: a section for every method, and every section a method`, () => {
      assert.ok(existsSync(pageFile(resource.name)), `${pageFile(resource.name)} exists`);
      const page = readFileSync(pageFile(resource.name), "utf8");
      const sections = sectionsOf(page);
      assert.deepEqual([...sections.keys()].sort(), resource.methods.map((m) => m.path).sort());
      for (const method of resource.methods) {
        const text = sections.get(method.path) ?? "";
        const call = `codatPlatform.${resource.name}.${method.path}`;
        for (const heading of ["### Signature", "### Example Usage", "### Parameters", "### Response", "### Errors"]) {
          assert.ok(text.includes(`\n${heading}\n`), `${call}: "${heading}"`);
        }
        assert.match(text, new RegExp(`\`${call.replaceAll(".", "\\.")}\\(`), `${call}: its signature`);
        const example = /### Example Usage\n\n```typescript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? "";
        assert.ok(example.includes(`${call}(`), `${call}: its example calls it`);
        assert.match(text, /\| models\.ErrorMessage \| [\d,]+ \| application\/json \|/, `${call}: its errors`);
        assert.equal(text.includes(":warning: **Deprecated**"), method.deprecated, `${call} is ${method.deprecated ? "" : "not "}marked deprecated`);
        const listed = new RegExp(`^\\* \\[(~~)?${method.path.replaceAll(".", "\\.")}(~~)?\\]\\(#${method.path.toLowerCase().replaceAll(".", "")}\\)`, "m");
        assert.match(page, listed, `${call} is in the page's list of operations`);
      }
    });
  }

  test("every relative link on the pages leads to a file, and to a heading of it", () => {
    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    const slug = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replaceAll(" ", "-");
    const anchorsOf = (file: string) => new Set([...readFileSync(file, "utf8").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
    let checked = 0;
    for (const folder of readdirSync(pagesDir)) {
      const page = join(pagesDir, folder, "README.md");
      for (const [, target] of readFileSync(page, "utf8").matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target as string)) continue;
        const [file, anchor] = (target as string).split("#");
        const resolved = file ? join(pagesDir, folder, file) : page;
        assert.ok(existsSync(resolved), `${folder}/README.md links to ${target}, which does not exist`);
        if (anchor) assert.ok(anchorsOf(resolved).has(anchor), `${folder}/README.md links to ${target}: no such heading`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} links checked`);
  });

  test("no page documents a resource the client does not have", () => {
    const folders = readdirSync(pagesDir).sort();
    assert.deepEqual(folders, all.map((r) => r.name.toLowerCase()).sort());
  });

  describe("every example compiles against this package and runs against a real server", () => {
    let server: TestServer | undefined;
    let project: ExampleProject | undefined;
    let compileErrors = new Map<string, string[]>();
    const examples = extractExamples(pagesDir, "reference");
    const names = new Map(examples.map((example, i) => [example, `example${String(i + 1).padStart(2, "0")}`]));

    before(async (t) => {
      if (!built) {
        skipLoudly(t as TestContext, "SDK reference pages' examples: dist/ is missing", "run `npm run build -w packages/sdk` first (npm test builds)");
        return;
      }
      // The webhook examples register consumers at example.com: the check that its address is
      // public would need DNS, which a test machine may not have.
      server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
      const admin = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
      const base64ApiKey = server.authHeader.slice("Basic ".length);
      const files = new Map<string, string>();
      for (const example of examples) {
        // Each example gets resources of its own: it may delete what it is given.
        const fixtures = await createFixtures(admin, idFieldsOf(example.code), example.id);
        files.set(names.get(example) as string, pointAtServer(example.code, { base64ApiKey, serverURL: server.url, fixtures }));
      }
      project = createExampleProject({ client: sdkDir, format: "esm", files, packages: [...new Set(examples.flatMap((e) => e.imports))], emit: true });
      compileErrors = await project.compile();
    });
    after(async () => {
      project?.remove();
      await server?.close();
    });

    test("there is one per method at least", () => {
      const methods = all.reduce((sum, r) => sum + r.methods.length, 0);
      assert.ok(examples.length >= methods, `${examples.length} examples for ${methods} methods`);
    });

    // In page order: a page's examples may build on the ones before (putCustom, then deleteCustom).
    for (const example of examples) {
      test(`${example.id} (line ${example.line})`, async (t) => {
        if (!server || !project) return t.skip("the SDK is not built (see above)");
        const name = names.get(example) as string;
        const errors = [...(compileErrors.get(name) ?? []), ...(compileErrors.get("(project)") ?? [])];
        assert.deepEqual(errors, [], `compiles:\n${example.code}`);
        const outcome = await project.run(name, { CODAT_SERVER_URL: server.url }, RUN_TIMEOUT_MS);
        const detail = `exit ${outcome.exitCode}${outcome.timedOut ? " (timed out)" : ""}\n${outcome.stderr}\n${outcome.stdout}`;
        assert.equal(outcome.timedOut, false, detail);
        assert.equal(outcome.exitCode, 0, detail);
      });
    }
  });
});
