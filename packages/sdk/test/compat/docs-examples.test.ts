// The code examples of BOTH official clients' own documentation (4.x, the seed's generation,
// installed as @codat/platform-v4; 6.x, today's, as @codat/platform-v6), run unchanged on this
// package: every ```typescript fence of their README / FUNCTIONS / docs markdown is extracted,
// its placeholders pointed at a real test server (example-fixtures.ts: nothing else of the text
// changes), compiled with tsc (strict, NodeNext) against THIS package's types as an ES module
// and as CommonJS, and run with node against the server. An example is skipped, loudly and with
// its reason, only when it calls an operation our server does not implement (the server's own
// /openapi.json decides, from the HTTP operation the official client's code makes for that
// call), imports something that is not this package, or does not compile against the official
// client either. When an example fails on ours with an error answer from our server, the same
// example is run with the official client against the same server: if it gets the same status,
// the SDK behaves as the official one and the server is what refuses (marked TODO, loudly);
// otherwise the test fails. Without the reference packages the suite fails under CI and skips
// loudly elsewhere.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test, type TestContext } from "node:test";
import { skipLoudly } from "@codat/test-kit/skips";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { CodatPlatform } from "../../src/index.js";
import { createFixtures, idFieldsOf, pointAtServer } from "./example-fixtures.js";
import { createExampleProject, type ExampleProject, type ModuleFormat, type RunOutcome } from "./example-project.js";
import { extractExamples, type DocExample } from "./extract-examples.js";
import { officialOperations, type HttpOperation } from "./official-operations.js";
import { requireBuilt, sdkDir } from "../helpers/built.js";

const require = createRequire(import.meta.url);
const FORMATS: readonly ModuleFormat[] = ["esm", "cjs"];
const RUN_TIMEOUT_MS = 30_000;
/** Sends an official client's production calls to the test server (its control runs only). */
const PRODUCTION_REDIRECT = fileURLToPath(new URL("./production-redirect.cjs", import.meta.url));

/** The HTTP status of the error an example died of, read from what node printed. */
const statusIn = (stderr: string) => /\bstatusCode: (\d{3})\b/.exec(stderr)?.[1];

const GENERATIONS = [
  { name: "v4", label: "4.x", pkg: "@codat/platform-v4" },
  { name: "v6", label: "6.x", pkg: "@codat/platform-v6" },
];

function installedAt(pkg: string): string | undefined {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

/** What happens to one example. */
type Plan = { kind: "run" } | { kind: "compile-only"; why: string } | { kind: "skip"; why: string };

let server: TestServer;
let admin: CodatPlatform;
/** `GET /companies`, ... : what the server serves, from its own /openapi.json. */
let served: Set<string>;

before(async () => {
  if (!requireBuilt("documentation examples")) return;
  // The examples register webhook consumers at example.com: the server's check that a consumer's
  // host resolves to a public address would need DNS, which a test machine may not have.
  server = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
  admin = new CodatPlatform({ authHeader: server.authHeader, serverURL: server.url });
  const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  served = new Set(Object.entries(openapi.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
});
after(() => server?.close());

const describeOp = (call: string, op: HttpOperation | undefined) => `${call} (${op ? `${op.method} ${op.path}` : "unknown to the official client"})`;

for (const generation of GENERATIONS) {
  const packageDir = installedAt(generation.pkg);

  describe(`the ${generation.label} client's documentation examples (${generation.pkg})`, () => {
    if (!packageDir) {
      test(`${generation.pkg} is installed`, (t) => {
        skipLoudly(t, `${generation.pkg} (the official ${generation.label} client, a root devDependency) is not installed`, "run `npm install`");
      });
      return;
    }
    const examples = extractExamples(packageDir, generation.name);
    const operations = officialOperations(packageDir);
    const plans = new Map<DocExample, Plan>();
    const names = new Map<DocExample, string>(examples.map((e, i) => [e, `example${String(i + 1).padStart(2, "0")}`]));
    const projects = new Map<ModuleFormat, ExampleProject>();
    const errors = new Map<ModuleFormat, Map<string, string[]>>();
    let officialErrors: Promise<Map<string, string[]>> | undefined;
    const officialRuns = new Map<DocExample, Promise<RunOutcome>>();

    const planFor = (example: DocExample): Plan => {
      const foreign = example.imports.filter((i) => !i.startsWith("@codat/platform") && !installedAt(i.split("/").slice(0, i.startsWith("@") ? 2 : 1).join("/")));
      if (foreign.length > 0) return { kind: "skip", why: `it imports ${foreign.join(", ")}, which is not this package (nor installed here)` };
      const missing = example.calls.filter((call) => {
        const op = operations.get(call);
        return !op || !served.has(`${op.method} ${op.path}`);
      });
      if (missing.length > 0) {
        const list = missing.map((call) => describeOp(call, operations.get(call))).join(", ");
        return { kind: "skip", why: `it calls ${list}, which our server does not implement` };
      }
      if (/\bserverIdx\s*:/.test(example.code)) {
        return { kind: "compile-only", why: "it picks the production server by index (serverIdx), which no placeholder points at the test server" };
      }
      return { kind: "run" };
    };

    before(async () => {
      if (!server) return;
      for (const example of examples) plans.set(example, planFor(example));
      const compiled = examples.filter((e) => plans.get(e)?.kind !== "skip");
      const packages = [...new Set(compiled.flatMap((e) => e.imports))];
      const base64ApiKey = server.authHeader.slice("Basic ".length);
      for (const format of FORMATS) {
        const files = new Map<string, string>();
        for (const example of compiled) {
          // Each run gets resources of its own: an example may delete what it is given.
          const fixtures = plans.get(example)?.kind === "run" ? await createFixtures(admin, idFieldsOf(example.code), example.id) : {};
          files.set(names.get(example) as string, pointAtServer(example.code, { base64ApiKey, serverURL: server.url, fixtures }));
        }
        const project = createExampleProject({ client: sdkDir, format, files, packages, emit: true });
        projects.set(format, project);
        errors.set(format, await project.compile());
      }
    });
    after(() => {
      for (const project of projects.values()) project.remove();
    });

    /** The examples that fail to compile on ours, compiled against the official client (CommonJS, as it is published). */
    const againstOfficial = (): Promise<Map<string, string[]>> =>
      (officialErrors ??= (async () => {
        const failing = examples.filter((e) => FORMATS.some((f) => errors.get(f)?.has(names.get(e) as string)));
        const files = new Map(failing.map((e) => [names.get(e) as string, e.code]));
        const project = createExampleProject({ client: packageDir, format: "cjs", files, packages: failing.flatMap((e) => e.imports), emit: false });
        try {
          return await project.compile();
        } finally {
          project.remove();
        }
      })());

    /** The example run by the official client (CommonJS) against the test server, once, with resources of its own. */
    const onOfficial = (example: DocExample): Promise<RunOutcome> => {
      let pending = officialRuns.get(example);
      if (!pending) {
        pending = (async () => {
          const fixtures = await createFixtures(admin, idFieldsOf(example.code), example.id);
          const code = pointAtServer(example.code, { base64ApiKey: server.authHeader.slice("Basic ".length), serverURL: server.url, fixtures });
          const name = names.get(example) as string;
          const project = createExampleProject({ client: packageDir, format: "cjs", files: new Map([[name, code]]), packages: example.imports, emit: true });
          try {
            await project.compile();
            return await project.run(name, { CODAT_SERVER_URL: server.url }, RUN_TIMEOUT_MS, [PRODUCTION_REDIRECT]);
          } finally {
            project.remove();
          }
        })();
        officialRuns.set(example, pending);
      }
      return pending;
    };

    test("accounts for every call the examples make: implemented by our server, or not", (t) => {
      if (!server) return t.skip("no server (see above)");
      const calls = [...new Set(examples.flatMap((e) => e.calls))].sort();
      const implemented = calls.filter((c) => {
        const op = operations.get(c);
        return op && served.has(`${op.method} ${op.path}`);
      });
      const not = calls.filter((c) => !implemented.includes(c));
      console.log(`${generation.label}: ${examples.length} examples; calls our server implements (${implemented.length}):`);
      for (const call of implemented) console.log(`  ✔ ${describeOp(call, operations.get(call))}`);
      console.warn(`${generation.label}: calls our server does NOT implement (${not.length}), whose examples are skipped:`);
      for (const call of not) console.warn(`  ✘ ${describeOp(call, operations.get(call))}`);
      assert.ok(implemented.length > 0, "some examples call operations the server implements");
      const run = examples.filter((e) => plans.get(e)?.kind === "run").length;
      assert.ok(run > 0, "some examples run");
    });

    for (const example of examples) {
      test(`${example.id} (line ${example.line})`, async (t: TestContext) => {
        if (!server) return t.skip("no server (see above)");
        const plan = plans.get(example) as Plan;
        const name = names.get(example) as string;
        if (plan.kind === "skip") {
          console.warn(`SKIPPED ${example.id}: ${plan.why}`);
          return t.skip(plan.why);
        }
        const ours = FORMATS.flatMap((f) => [...(errors.get(f)?.get(name) ?? []), ...(errors.get(f)?.get("(project)") ?? [])].map((e) => `${f}: ${e}`));
        if (ours.length > 0) {
          const official = (await againstOfficial()).get(name);
          if (official) {
            const why = `it does not compile against the official ${generation.label} client either: ${official[0]}`;
            console.warn(`SKIPPED ${example.id}: ${why}`);
            return t.skip(why);
          }
          assert.fail(`compiles against the official ${generation.label} client but not against ours:\n${ours.join("\n")}\n--- example ---\n${example.code}`);
        }
        if (plan.kind === "compile-only") {
          console.warn(`COMPILED ONLY ${example.id}: ${plan.why}`);
          return;
        }
        // Both builds at once: each is a process of its own, against resources of its own.
        const outcomes = await Promise.all(FORMATS.map((f) => (projects.get(f) as ExampleProject).run(name, { CODAT_SERVER_URL: server.url }, RUN_TIMEOUT_MS)));
        for (const [i, format] of FORMATS.entries()) {
          const outcome = outcomes[i] as RunOutcome;
          const detail = `${format}: exit ${outcome.exitCode}${outcome.timedOut ? " (timed out)" : ""}\n${outcome.stderr}\n${outcome.stdout}`;
          assert.equal(outcome.timedOut, false, detail);
          if (outcome.exitCode === 0) continue;
          const status = statusIn(outcome.stderr);
          const official = status ? await onOfficial(example) : undefined;
          if (official && official.exitCode !== 0 && statusIn(official.stderr) === status) {
            const error = /^\w*Error\w*: .*$/m.exec(outcome.stderr)?.[0] ?? `status ${status}`;
            const why = `our server refuses it and the official ${generation.label} client gets the same answer (${status}): ${error}`;
            console.warn(`SERVER REFUSES ${example.id}: ${why}`);
            t.todo(why);
            return;
          }
          const control = official ? `official ${generation.label} client: exit ${official.exitCode}\n${official.stderr}` : "(no HTTP error: not compared with the official client)";
          assert.fail(`${detail}\n--- ${control}`);
        }
      });
    }
  });
}
