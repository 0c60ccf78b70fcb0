// `/openapi.json`, fetched from a running server: a valid OpenAPI 3.1 document (helpers/
// openapi-structure.ts); every operation with a summary and a description, every 2xx and 4xx
// answer with a description; for the operations the contract has, the contract's summary,
// description, tags, deprecation, parameter texts, examples and schema names; every example
// valid against its schema; the route schemas themselves left as they were; and the server's
// copy of the contract the same file as the test kit's.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CONTRACT_PATH, readContract } from "@codat/test-kit/contract";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { SERVER_CONTRACT_FILE } from "../../src/http/plugins/openapi-contract.js";
import { OWN_SCHEMA_NAMES } from "../../src/http/plugins/openapi-own-text.js";
import * as platforms from "../../src/http/schemas/platforms.js";
import * as resources from "../../src/http/schemas/resources.js";
import { openApiProblems, operationsOf, schemaCompiler } from "./helpers/openapi-structure.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type OperationEntry = { path: string; method: string; operation: Json };

const contract = readContract() as Json;
/** The contract's texts carry byte-order marks and trailing newlines; the document's do not. */
const clean = (text: unknown) => (typeof text === "string" ? text.replaceAll("\ufeff", "").trim() : text);

/** The object a contract `$ref` points at (through any `$ref` on the way). */
function resolve(ref: string): Json {
  let node: Json | undefined = contract;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (node && !(key in node) && typeof node.$ref === "string") node = resolve(node.$ref);
    node = node?.[key];
  }
  return resolveObject(node as Json);
}
const resolveObject = (node: Json): Json => (typeof node?.$ref === "string" ? resolve(node.$ref) : node);

const contractOperations = new Map<string, Json>();
for (const [path, item] of Object.entries(contract.paths as Json)) {
  for (const [method, operation] of Object.entries(item as Json)) {
    if ((operation as Json).operationId) contractOperations.set((operation as Json).operationId, { ...(operation as Json), path, method, item });
  }
}

/** `#/components/schemas/Company` → Company; `…/WebhookConsumer/definitions/webhookConsumers` → WebhookConsumers. */
function contractName(ref: unknown): string | undefined {
  const match = typeof ref === "string" ? /^#\/components\/schemas\/([^/]+)(?:\/definitions\/([^/]+))?$/.exec(ref) : null;
  const name = match ? (match[2] ?? match[1] ?? "") : undefined;
  return name === undefined ? undefined : name.charAt(0).toUpperCase() + name.slice(1);
}

const CONTRACT_NAMES = new Set<string>();
for (const [name, schema] of Object.entries(contract.components.schemas as Json)) {
  CONTRACT_NAMES.add(name);
  for (const definition of Object.keys((schema as Json).definitions ?? {})) CONTRACT_NAMES.add(contractName(`#/components/schemas/${name}/definitions/${definition}`) ?? "");
}
const OWN_NAMES = new Set(OWN_SCHEMA_NAMES.map(([name]) => name));

describe("/openapi.json", () => {
  let server: TestServer;
  let document: Json;
  let operations: OperationEntry[];
  /** Operations the contract has too, with the contract's operation. */
  let matched: Array<OperationEntry & { source: Json }>;
  const routeSchemasBefore = JSON.stringify([resources, platforms]);

  before(async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    document = (await response.json()) as Json;
    operations = operationsOf(document) as OperationEntry[];
    matched = operations.flatMap((entry) => {
      const source = contractOperations.get(String(entry.operation.operationId));
      return source ? [{ ...entry, source }] : [];
    });
  });
  after(() => server.close());

  it("uses the server's copy of the contract, the same file as the test kit's", () => {
    assert.ok(readFileSync(SERVER_CONTRACT_FILE).equals(readFileSync(CONTRACT_PATH)), "packages/server/contract/Codat-Platform.json differs from the test kit's: replace both");
  });

  it("is a valid OpenAPI 3.1 document", () => {
    assert.deepEqual(openApiProblems(document), []);
    assert.ok(operations.length >= 40, `${operations.length} operations`);
  });

  it("would be found invalid if it broke OpenAPI's rules (the check is not vacuous)", () => {
    const broken = (change: (copy: Json) => void): string[] => {
      // Two paths are enough, and keep each check quick.
      const copy = structuredClone({ ...document, paths: { "/companies": document.paths["/companies"], "/companies/{companyId}": document.paths["/companies/{companyId}"] } });
      change(copy);
      return openApiProblems(copy);
    };
    const get = (copy: Json) => copy.paths["/companies/{companyId}"].get;
    assert.match(broken((copy) => delete get(copy).responses["200"].description).join("\n"), /must have required property 'description'/);
    assert.match(broken((copy) => (get(copy).summery = "typo")).join("\n"), /must NOT have additional properties/);
    assert.match(broken((copy) => (get(copy).parameters = [])).join("\n"), /path template \{companyId\} but path parameters none/);
    assert.match(broken((copy) => (get(copy).parameters[0].required = false)).join("\n"), /must be equal to constant/);
    assert.match(broken((copy) => (get(copy).responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/Nope" })).join("\n"), /\$ref #\/components\/schemas\/Nope does not resolve/);
    assert.match(broken((copy) => (copy.components.schemas.Company.properties.name.type = "strin")).join("\n"), /not a valid JSON Schema 2020-12: .*Company\/properties\/name\/type/);
    assert.match(broken((copy) => (copy.paths["/companies"].post.operationId = "get-company")).join("\n"), /operationId get-company is used by/);
    assert.match(broken((copy) => (get(copy).security = [{ nobody: [] }])).join("\n"), /undeclared scheme nobody/);
  });

  it("gives every operation a summary and a description, and every 2xx and 4xx answer a description", () => {
    for (const { path, method, operation } of operations) {
      const at = `${method.toUpperCase()} ${path}`;
      assert.ok(String(operation.summary ?? "").trim().length > 3, `${at} has no summary`);
      assert.ok(String(operation.description ?? "").trim().length > 20, `${at} has no description`);
      assert.ok(operation.operationId, `${at} has no operationId`);
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (/^[24]/.test(status)) assert.ok(String(response.description ?? "").trim().length > 1, `${at} ${status} has no description`);
      }
    }
  });

  it("takes the summary, description, tags and deprecation of each contract operation from the contract", () => {
    assert.ok(matched.length >= 25, `only ${matched.length} operations matched the contract`);
    for (const { path, method, operation, source } of matched) {
      const at = `${method.toUpperCase()} ${path}`;
      assert.equal(`${source.method.toUpperCase()} ${source.path}`, at, "same method and path as the contract");
      assert.equal(operation.summary, clean(source.summary), `${at} summary`);
      assert.equal(operation.description, clean(source.description), `${at} description`);
      assert.deepEqual(operation.tags, source.tags, `${at} tags`);
      assert.equal(operation.deprecated === true, source.deprecated === true, `${at} deprecated`);
    }
    const described = new Set((document.tags as Json[]).map((tag) => tag.name));
    for (const { operation } of operations) for (const tag of operation.tags as string[]) assert.ok(described.has(tag), `tag ${tag} is described`);
  });

  it("describes the parameters with the contract's words and examples", () => {
    let withExample = 0;
    for (const { path, method, operation, source } of matched) {
      const theirs = new Map<string, Json>();
      for (const parameter of [...(source.item.parameters ?? []), ...(source.parameters ?? [])]) {
        const resolved = resolveObject(parameter);
        theirs.set(`${resolved.in}:${resolved.name}`, resolved);
      }
      for (const parameter of operation.parameters as Json[]) {
        const their = theirs.get(`${parameter.in}:${parameter.name}`);
        assert.ok(String(parameter.description ?? "").length > 5, `${method} ${path} parameter ${parameter.name} is described`);
        if (!their) continue;
        assert.equal(parameter.description, clean(their.description), `${method} ${path} parameter ${parameter.name}`);
        if (parameter.example !== undefined) withExample++;
      }
    }
    assert.ok(withExample >= 20, `${withExample} parameters with the contract's example`);
  });

  it("describes each answer as the contract does, and keeps its examples", () => {
    let compared = 0;
    for (const { path, method, operation, source } of matched) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const their = source.responses[status] && resolveObject(source.responses[status]);
        const theirs = their?.content?.["application/json"];
        const ours = response.content?.["application/json"];
        if (!their || Boolean(their.content) !== Boolean(response.content)) continue;
        assert.equal(response.description, clean(their.description), `${method} ${path} ${status}`);
        for (const [name, example] of Object.entries((theirs?.examples ?? {}) as Json)) {
          const value = resolveObject(example).value;
          if (typeof value?.statusCode === "number" && String(value.statusCode) !== status) continue;
          assert.deepEqual(ours.examples?.[name]?.value, value, `${method} ${path} ${status} example ${name}`);
        }
        compared++;
      }
    }
    assert.ok(compared >= 200, `${compared} answers compared`);
  });

  it("names the schemas as the contract does, under components/schemas, and refers to them", () => {
    const names = Object.keys(document.components.schemas);
    for (const name of names) assert.ok(CONTRACT_NAMES.has(name) || OWN_NAMES.has(name), `${name} is the contract's name or one of the server's own`);
    for (const name of ["Company", "Companies", "Connection", "Connections", "ErrorMessage", "CompanyAccessToken", "ConnectionManagementAccessToken", "Integration", "ApiKeyDetails"]) {
      assert.ok(names.includes(name), `components/schemas/${name}`);
    }
    const answerNames = new Set<string>();
    for (const { path, method, operation, source } of matched) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const theirs = source.responses[status] && resolveObject(source.responses[status]).content?.["application/json"];
        const ours = response.content?.["application/json"];
        const name = contractName(theirs?.schema?.$ref);
        if (!name || !ours) continue;
        assert.equal(ours.schema.$ref, `#/components/schemas/${name}`, `${method} ${path} ${status}`);
        answerNames.add(name);
      }
    }
    for (const { path, method, operation, source } of matched) {
      const name = contractName(source.requestBody?.content?.["application/json"]?.schema?.$ref);
      const ours = operation.requestBody?.content?.["application/json"];
      if (!name || !ours) continue;
      // A request body stricter than the answer of the same name (the allowed origins) stays inline.
      if (ours.schema.$ref === undefined) assert.ok(answerNames.has(name), `${method} ${path} body: inline only when ${name} names an answer`);
      else assert.equal(ours.schema.$ref, `#/components/schemas/${name}`, `${method} ${path} body`);
    }
    // Nested occurrences are references too: a company's connections, a page's results.
    assert.deepEqual(document.components.schemas.Company.properties.dataConnections.items, { $ref: "#/components/schemas/Connection" });
    assert.deepEqual(document.components.schemas.Companies.properties.results.items, { $ref: "#/components/schemas/Company" });
    // And the contract's words are on them.
    assert.equal(document.components.schemas.Connection.properties.sourceType.description, clean(resolve("#/components/schemas/Connection/properties/sourceType").description));
  });

  it("has examples that validate against their schemas", () => {
    const compile = schemaCompiler(document);
    let checked = 0;
    const check = (where: string, schema: unknown, value: unknown) => {
      const validate = compile(schema);
      assert.ok(validate(value), `${where}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(value).slice(0, 300)}`);
      checked++;
    };
    for (const { path, method, operation } of operations) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters as Json[]) {
        if (parameter.example !== undefined) check(`${at} parameter ${parameter.name}`, parameter.schema, parameter.example);
      }
      for (const [type, media] of Object.entries((operation.requestBody?.content ?? {}) as Json)) {
        for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) check(`${at} body ${type} ${name}`, media.schema, example.value);
      }
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        for (const [name, example] of Object.entries((response.content?.["application/json"]?.examples ?? {}) as Json)) {
          check(`${at} ${status} ${name}`, response.content["application/json"].schema, example.value);
          if (Number(status) >= 400) assert.equal(example.value.statusCode, Number(status), `${at} ${status} ${name} is an example of a ${status}`);
        }
      }
    }
    assert.ok(checked >= 300, `${checked} examples checked`);
  });

  it("leaves the route schemas, which validate and serialise, as they were", () => {
    assert.equal(JSON.stringify([resources, platforms]), routeSchemasBefore);
  });
});
