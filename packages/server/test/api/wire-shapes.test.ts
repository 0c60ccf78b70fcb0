// The server's JSON Schemas (src/http/schemas) and the SDK's valibot models describe the same
// wire shapes. The schemas are made from the models; this checks the result, not the converter:
// - structure: each resource has the same fields, types, formats, required and nullable fields
//   on both sides, read from the valibot schema itself; a request body's schema may add only
//   what the server demands beyond the shape (`requestRules` in resources.ts: sizes, patterns,
//   a required field, a null body), and a response object never allows undeclared fields;
// - values: values generated from the server's schema parse with the SDK model; values
//   generated from the SDK model (with an undeclared field in every object) pass the server's
//   schema (ajv, strict, formats checked) and come back from the server's serialiser (Fastify,
//   fast-json-stringify) as they were, minus the undeclared fields;
// - real answers of a running server parse with the SDK models and carry no undeclared field.
// The server's extensions of the contract (schemas/platforms.ts: OAuth definitions, app
// credentials, a client's own platforms) are held to the same checks; their request bodies are
// also closed at every level, and the credentials never come back with their secret.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as models from "@codat/platform/models";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import Fastify from "fastify";
import * as v from "valibot";
import { apiClient, type Api } from "@codat/test-kit/api";
import { startTestServer, type TestServer } from "@codat/test-kit/server";
import { errorMessage } from "../../src/http/schemas/common.js";
import * as platforms from "../../src/http/schemas/platforms.js";
import * as resources from "../../src/http/schemas/resources.js";
import { validValue } from "../security/helpers/schema-arbitraries.js";

const SEED = Number(process.env.WIRE_SHAPES_SEED ?? 20261130);
const RUNS = 150;
const MISSING = "8a210b68-6988-41ed-a1eb-0242ac120002";
/** A field no model declares, put into every generated object. */
const UNDECLARED = "undeclaredField";

type JsonSchema = Record<string, unknown>;

/** The parts of a valibot schema read here. */
interface Model {
  type: string;
  entries?: Record<string, Model>;
  wrapped?: Model;
  item?: Model;
  value?: Model;
  options?: unknown[];
  pipe?: Model[];
}

/** What a request body's schema adds to the model's shape (`requestRules` in resources.ts). */
interface RequestOnly {
  required?: string[];
  nullable?: boolean;
}

interface Resource {
  name: string;
  model: Model;
  schema: JsonSchema;
  request?: RequestOnly;
  /** Serialised by a route as an object (not a synthetic or scalar schema). */
  serialised: boolean;
}

const resource = (name: string, model: unknown, schema: JsonSchema, extra: Partial<Resource> = {}): Resource => ({
  name,
  model: model as Model,
  schema,
  serialised: schema.type === "object",
  ...extra,
});

const RESPONSES: Resource[] = [
  resource("connection", models.Connection, resources.connection),
  resource("connections", models.Connections, resources.connections),
  resource("connectionStatus", models.ConnectionStatus, resources.connectionStatus),
  resource("company", models.Company, resources.company),
  resource(
    "companyDetailsProperties",
    models.CompanyDetails,
    { type: "object", required: resources.company.required, properties: resources.companyDetailsProperties },
    { serialised: false },
  ),
  resource("companies", models.Companies, resources.companies),
  resource("companyAccessToken", models.CompanyAccessToken, resources.companyAccessToken),
  resource("connectionManagementAccessToken", models.ConnectionManagementAccessToken, resources.connectionManagementAccessToken),
  resource("allowedOrigins", models.ConnectionManagementAllowedOrigins, resources.allowedOrigins),
  resource("apiKeyDetails", models.ApiKeyDetails, resources.apiKeyDetails),
  resource("apiKeys", models.ApiKeys, resources.apiKeys),
  resource("integration", models.Integration, resources.integration),
  resource("integrations", models.Integrations, resources.integrations),
  resource("branding", models.Branding, resources.branding),
  resource("errorMessage", models.ErrorMessageData, errorMessage),
  resource("createdWebhookConsumer", models.WebhookConsumer, resources.createdWebhookConsumer),
  resource("oauthDefinition", models.OAuthDefinition, platforms.oauthDefinition),
  resource("platformCredentials", models.PlatformCredentials, platforms.platformCredentials),
];

const REQUESTS: Resource[] = [
  resource("companyRequestBody", models.CompanyRequestBody, resources.companyRequestBody, { request: {} }),
  resource("companyUpdateRequest", models.CompanyUpdateRequest, resources.companyUpdateRequest, { request: {} }),
  resource("allowedOriginsBody", models.ConnectionManagementAllowedOrigins, resources.allowedOriginsBody, {
    request: { required: ["allowedOrigins"] },
  }),
  resource("createApiKeyBody", models.CreateApiKey, resources.createApiKeyBody, { request: { nullable: true } }),
  resource("webhookConsumerPrototype", models.WebhookConsumerPrototype, resources.webhookConsumerPrototype, { request: { required: ["url"] } }),
  resource("credentialsBody", models.SetPlatformCredentials, platforms.credentialsBody, { request: {} }),
  resource("customPlatformBody", models.CustomPlatformRequest, platforms.customPlatformBody, { request: {} }),
];

// ---- Shapes: what both sides must agree on -------------------------------------------------

type Shape =
  | { type: "string"; format?: string }
  | { type: "integer" | "number" | "boolean" | "unknown" }
  | { type: "enum"; values: unknown[] }
  | { type: "array"; items: Shape }
  | { type: "map"; values: Shape }
  | { type: "object"; fields: Record<string, Field> };

interface Field {
  required: boolean;
  nullable: boolean;
  shape: Shape;
}

/** The SDK's named string kinds and the JSON Schema format each stands for. */
const FORMATS = new Map<unknown, string>([
  [models.Uuid, "uuid"],
  [models.Url, "uri"],
]);

const OPTIONAL = new Set(["optional", "exact_optional", "nullish"]);

const mapValues = <T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));

const isObject = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

function modelField(model: Model): Field {
  if (model.type === "optional" || model.type === "exact_optional") return { ...modelField(model.wrapped!), required: false };
  if (model.type === "nullish") return { ...modelField(model.wrapped!), required: false, nullable: true };
  if (model.type === "nullable") return { ...modelField(model.wrapped!), nullable: true };
  return { required: true, nullable: false, shape: modelShape(model) };
}

function modelShape(model: Model): Shape {
  if (model.pipe) {
    const [base, ...actions] = model.pipe;
    const shape = modelShape({ ...base!, pipe: undefined });
    return actions.some((action) => action.type === "integer") ? { type: "integer" } : shape;
  }
  const format = FORMATS.get(model);
  switch (model.type) {
    case "string":
      return format ? { type: "string", format } : { type: "string" };
    case "number":
    case "boolean":
      return { type: model.type };
    case "unknown":
    case "any":
      return { type: "unknown" };
    case "picklist":
      return { type: "enum", values: [...model.options!] };
    case "array":
      return { type: "array", items: modelShape(model.item!) };
    case "record":
      return { type: "map", values: modelShape(model.value!) };
    case "object":
    case "loose_object":
      return { type: "object", fields: mapValues(model.entries!, modelField) };
    default:
      throw new Error(`no shape for a valibot "${model.type}" schema`);
  }
}

function schemaField(schema: JsonSchema, required: boolean): Field {
  const types = [schema.type].flat().filter((type) => type !== undefined);
  const nonNull = types.filter((type) => type !== "null");
  return {
    required,
    nullable: types.includes("null"),
    shape: schemaShape({ ...schema, type: nonNull.length === 1 ? nonNull[0] : nonNull }),
  };
}

function schemaShape(schema: JsonSchema): Shape {
  const untyped = schema.type === undefined || (Array.isArray(schema.type) && schema.type.length === 0);
  if (untyped && Object.keys(schema).every((key) => key === "type" || key === "description")) return { type: "unknown" };
  if (Array.isArray(schema.enum)) return { type: "enum", values: schema.enum.filter((value) => value !== null) };
  switch (schema.type) {
    case "string":
      return typeof schema.format === "string" ? { type: "string", format: schema.format } : { type: "string" };
    case "integer":
    case "number":
    case "boolean":
      return { type: schema.type };
    case "array":
      return { type: "array", items: schemaShape(schema.items as JsonSchema) };
    case "object": {
      const properties = schema.properties as Record<string, JsonSchema> | undefined;
      if (!properties && isObject(schema.additionalProperties)) return { type: "map", values: schemaShape(schema.additionalProperties) };
      const required = new Set((schema.required as string[] | undefined) ?? []);
      return { type: "object", fields: Object.fromEntries(Object.entries(properties ?? {}).map(([key, p]) => [key, schemaField(p, required.has(key))])) };
    }
    default:
      throw new Error(`no shape for the JSON Schema ${JSON.stringify(schema)}`);
  }
}

/** The shape a request body's schema should have: the model's, with the server's additions. */
function expectedRequestField(model: Model, request: RequestOnly): Field {
  const field = modelField(model);
  if (request.nullable) field.nullable = true;
  if (request.required && field.shape.type === "object") {
    for (const name of request.required) {
      const entry = field.shape.fields[name];
      assert.ok(entry, `request rule names an unknown field ${name}`);
      entry.required = true;
    }
  }
  return field;
}

/** Paths of the object schemas (with properties) that do not refuse undeclared fields. */
function unclosedObjects(schema: JsonSchema, path = "#"): string[] {
  const found: string[] = [];
  if (isObject(schema.properties)) {
    if (schema.additionalProperties !== false) found.push(path);
    for (const [key, property] of Object.entries(schema.properties)) found.push(...unclosedObjects(property as JsonSchema, `${path}/${key}`));
  }
  if (isObject(schema.items)) found.push(...unclosedObjects(schema.items, `${path}/items`));
  return found;
}

/** Paths of the object schemas (with properties) that would let undeclared fields through. */
function openObjects(schema: JsonSchema, path = "#"): string[] {
  const found: string[] = [];
  if (isObject(schema.properties)) {
    if (schema.additionalProperties !== undefined || schema.patternProperties !== undefined) found.push(path);
    for (const [key, property] of Object.entries(schema.properties)) found.push(...openObjects(property as JsonSchema, `${path}/${key}`));
  }
  if (isObject(schema.items)) found.push(...openObjects(schema.items, `${path}/items`));
  if (isObject(schema.additionalProperties)) found.push(...openObjects(schema.additionalProperties, `${path}/*`));
  return found;
}

// ---- Values ----------------------------------------------------------------------------------

/** Values of an SDK model, with an undeclared field in every object when `undeclared`. */
function modelValue(model: Model, undeclared: boolean): fc.Arbitrary<unknown> {
  if (model.type === "optional" || model.type === "exact_optional") return modelValue(model.wrapped!, undeclared);
  if (model.type === "nullish" || model.type === "nullable") return fc.option(modelValue(model.wrapped!, undeclared), { nil: null });
  if (model.pipe?.some((action) => action.type === "integer")) return fc.integer();
  switch (model.type) {
    case "string":
      return model === models.Uuid ? fc.uuid() : model === models.Url ? fc.webUrl() : fc.string();
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "unknown":
    case "any":
      return fc.jsonValue({ maxDepth: 2 });
    case "picklist":
      return fc.constantFrom(...model.options!);
    case "array":
      return fc.array(modelValue(model.item!, undeclared), { maxLength: 3 });
    case "record":
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), modelValue(model.value!, undeclared), { maxKeys: 3 });
    case "object":
    case "loose_object": {
      const entries = model.entries!;
      const requiredKeys = Object.keys(entries).filter((key) => !OPTIONAL.has(entries[key]!.type));
      const record = fc.record(mapValues(entries, (entry) => modelValue(entry, undeclared)), { requiredKeys });
      return undeclared ? record.map((value) => ({ ...value, [UNDECLARED]: "not in the model" })) : record;
    }
    default:
      throw new Error(`no values for a valibot "${model.type}" schema`);
  }
}

/** `value` without the undeclared fields `modelValue` added. */
function declaredOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(declaredOnly);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== UNDECLARED).map(([key, item]) => [key, declaredOnly(item)]));
}

/** The server's request-only limits taken out (sizes, patterns, closed objects), leaving the shape. */
function withoutLimits(schema: JsonSchema): JsonSchema {
  const limits = new Set(["minLength", "maxLength", "pattern", "maxItems", "maxProperties", "propertyNames", "minimum", "maximum"]);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (limits.has(key) || (key === "additionalProperties" && value === false)) continue;
    if (key === "properties" && isObject(value)) out[key] = mapValues(value, (p) => withoutLimits(p as JsonSchema));
    else if ((key === "items" || key === "additionalProperties") && isObject(value)) out[key] = withoutLimits(value);
    else out[key] = value;
  }
  return out;
}

/** Fields of `value` that `model` does not declare, as paths; an `unknown` model ends the walk. */
function undeclaredFields(model: Model, value: unknown, path = "$"): string[] {
  if (value === null || value === undefined) return [];
  if (model.type === "optional" || model.type === "exact_optional" || model.type === "nullish" || model.type === "nullable") {
    return undeclaredFields(model.wrapped!, value, path);
  }
  if (model.type === "array" && Array.isArray(value)) return value.flatMap((item, i) => undeclaredFields(model.item!, item, `${path}[${i}]`));
  if (model.type === "record" && isObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => undeclaredFields(model.value!, item, `${path}.${key}`));
  }
  if ((model.type === "object" || model.type === "loose_object") && isObject(value)) {
    const entries = model.entries!;
    return Object.entries(value).flatMap(([key, item]) => {
      const entry = entries[key];
      return entry ? undeclaredFields(entry, item, `${path}.${key}`) : [`${path}.${key}`];
    });
  }
  return [];
}

// ---- The checks ------------------------------------------------------------------------------

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: true, allErrors: true }));

function validator(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}

const assertProperty = <T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean | void) =>
  fc.assert(fc.property(arbitrary, predicate), { seed: SEED, numRuns: RUNS });

describe("wire shapes: the server's schemas and the SDK's models agree", () => {
  it("lists webhook consumers as created, without the signing secret", () => {
    const { secret, ...listed } = resources.createdWebhookConsumer.properties as Record<string, unknown>;
    assert.ok(secret, "the created consumer carries its secret");
    assert.deepEqual(resources.webhookConsumer, { ...resources.createdWebhookConsumer, properties: listed });
  });

  it("covers every schema resources.ts and platforms.ts export", () => {
    const covered = new Set([...RESPONSES, ...REQUESTS].map((r) => r.name));
    covered.add("webhookConsumer"); // checked against createdWebhookConsumer above
    const missing = [...Object.keys(resources), ...Object.keys(platforms)].filter((name) => !covered.has(name));
    assert.deepEqual(missing, [], "exports without a wire-shape check");
  });

  it("closes the extension's request bodies at every level (an undeclared field is dropped, never stored)", () => {
    assert.deepEqual(unclosedObjects(platforms.credentialsBody), []);
    assert.deepEqual(unclosedObjects(platforms.customPlatformBody), []);
  });

  it("declares no secret in the credentials answer", () => {
    const fields = Object.keys(platforms.platformCredentials.properties as JsonSchema);
    assert.deepEqual(fields.filter((name) => /secret/i.test(name)), ["clientSecretSet"], "only the flag that a secret is set");
    assert.equal((platforms.platformCredentials.properties as Record<string, JsonSchema>).clientSecretSet?.type, "boolean");
  });

  for (const r of RESPONSES) {
    describe(`response ${r.name}`, () => {
      it("has the model's fields, types, formats, required and nullable fields, and no open objects", () => {
        assert.deepEqual(schemaField(r.schema, true), modelField(r.model));
        assert.deepEqual(openObjects(r.schema), [], "objects that would serialise undeclared fields");
      });

      it("accepts in the SDK every value its schema allows", () => {
        assertProperty(validValue(r.schema), (value) => {
          const result = v.safeParse(r.model as unknown as v.GenericSchema, value);
          assert.ok(result.success, `${JSON.stringify(value)}: ${JSON.stringify(result.issues?.map((i) => i.message))}`);
        });
      });

      it("accepts in its schema every value the SDK allows", () => {
        const validate = validator(r.schema);
        assertProperty(modelValue(r.model, true), (value) => {
          assert.ok(validate(value), `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
        });
      });
    });
  }

  for (const r of REQUESTS) {
    const request = r.request ?? {};
    describe(`request body ${r.name}`, () => {
      it("has the model's shape, plus only the server's own request rules", () => {
        assert.deepEqual(schemaField(r.schema, true), expectedRequestField(r.model, request));
      });

      it("accepts in the SDK every body the server accepts (bar a null body)", () => {
        assertProperty(validValue(r.schema), (value) => {
          fc.pre(!(request.nullable && value === null));
          const result = v.safeParse(r.model as unknown as v.GenericSchema, value);
          assert.ok(result.success, `${JSON.stringify(value)}: ${JSON.stringify(result.issues?.map((i) => i.message))}`);
        });
      });

      it("accepts every body the SDK allows, within the server's limits", () => {
        const validate = validator(withoutLimits(r.schema));
        assertProperty(modelValue(r.model, true), (value) => {
          fc.pre((request.required ?? []).every((name) => isObject(value) && value[name] !== undefined));
          assert.ok(validate(value), `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
        });
      });
    });
  }

  describe("serialisation of the responses", () => {
    const app = Fastify();
    let current: unknown;
    const serialised = RESPONSES.filter((r) => r.serialised);
    for (const r of serialised) app.get(`/${r.name}`, { schema: { response: { 200: r.schema } } }, async () => current);
    before(() => app.ready());
    after(() => app.close());

    for (const r of serialised) {
      it(`writes every field of ${r.name} the SDK declares, and none it does not`, async () => {
        await fc.assert(
          fc.asyncProperty(modelValue(r.model, true), async (value) => {
            current = value;
            const response = await app.inject({ method: "GET", url: `/${r.name}` });
            assert.equal(response.statusCode, 200, response.body);
            assert.deepEqual(JSON.parse(response.body), declaredOnly(value));
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });
    }
  });
});

describe("wire shapes: real answers parse with the SDK models", () => {
  let server: TestServer;
  let api: Api;
  before(async () => {
    server = await startTestServer();
    api = apiClient(server);
  });
  after(() => server.close());

  /** The body of a call that must answer `status`, parsed with `model`; no undeclared field. */
  async function answer<M extends v.GenericSchema>(model: M, status: number, ...call: Parameters<Api>): Promise<v.InferOutput<M>> {
    const response = await api(...call);
    assert.equal(response.status, status, `${call[0]} ${call[1]}: ${response.text}`);
    const parsed = v.parse(model, response.body);
    assert.deepEqual(undeclaredFields(model as unknown as Model, response.body), [], `${call[0]} ${call[1]}`);
    return parsed;
  }

  it("companies, connections, tokens, API keys, CORS settings, integrations and errors", async () => {
    const company = await answer(models.Company, 200, "POST", "/companies", {
      body: { name: "Wire Shapes Ltd", description: "Checked against the SDK", tags: { team: "wire" } },
    });
    assert.equal(company.description, "Checked against the SDK");
    const companyId = company.id;
    const params = { companyId };
    await answer(models.Company, 200, "PUT", "/companies/{companyId}", { params, body: { name: "Wire Shapes Two" } });
    await answer(models.Company, 200, "PATCH", "/companies/{companyId}", { params, body: { tags: { a: "b" } } });

    const pending = await answer(models.Connection, 200, "POST", "/companies/{companyId}/connections", { params, body: { platformKey: "gbol" } });
    assert.equal(pending.status, "PendingAuth");
    const sandbox = await answer(models.Connection, 200, "POST", "/companies/{companyId}/connections", { params, body: { platformKey: "mqjo" } });
    const connection = { companyId, connectionId: sandbox.id };
    const failed = await answer(models.Connection, 200, "PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params: connection,
      body: { username: "demo" },
    });
    assert.ok(failed.dataConnectionErrors?.length, "a failed authorization records an error");
    const linked = await answer(models.Connection, 200, "PUT", "/companies/{companyId}/connections/{connectionId}/authorization", {
      params: connection,
      body: { username: "demo", password: "secret" },
    });
    assert.equal(linked.status, "Linked");
    await answer(models.Connection, 200, "PATCH", "/companies/{companyId}/connections/{connectionId}", { params: connection, body: { status: "Unlinked" } });
    await answer(models.Connection, 200, "GET", "/companies/{companyId}/connections/{connectionId}", { params: connection });

    const first = await answer(models.Connections, 200, "GET", "/companies/{companyId}/connections", { params, query: { pageSize: 1 } });
    assert.ok(first._links.next, "a first page of two links to the next");
    const second = await answer(models.Connections, 200, "GET", "/companies/{companyId}/connections", { params, query: { pageSize: 1, page: 2 } });
    assert.ok(second._links.previous, "a second page links to the previous");
    const withConnections = await answer(models.Company, 200, "GET", "/companies/{companyId}", { params });
    assert.equal(withConnections.dataConnections?.length, 2);
    await answer(models.Companies, 200, "GET", "/companies", { query: { pageSize: 1 } });

    const token = await answer(models.CompanyAccessToken, 200, "GET", "/companies/{companyId}/accessToken", { params });
    assert.equal(token.tokenType, "Bearer");
    await answer(models.ConnectionManagementAccessToken, 200, "GET", "/companies/{companyId}/connectionManagement/accessToken", { params });

    await answer(models.ApiKeyDetails, 201, "POST", "/apiKeys", { body: { name: "wire shapes" } });
    await answer(models.ApiKeyDetails, 201, "POST", "/apiKeys", { body: null });
    const keys = await answer(models.ApiKeys, 200, "GET", "/apiKeys");
    assert.ok((keys.results?.length ?? 0) >= 3);

    await answer(models.ConnectionManagementAllowedOrigins, 200, "POST", "/corsSettings", { body: { allowedOrigins: ["https://app.example"] } });
    await answer(models.ConnectionManagementAllowedOrigins, 200, "GET", "/corsSettings");

    const catalogue = await answer(models.Integrations, 200, "GET", "/integrations");
    assert.ok((catalogue.results?.length ?? 0) > 0);
    await answer(models.Integration, 200, "GET", "/integrations/{platformKey}", { params: { platformKey: "gbol" } });
    await answer(models.Branding, 200, "GET", "/integrations/{platformKey}/branding", { params: { platformKey: "gbol" } });

    await answer(models.ErrorMessageData, 404, "GET", "/companies/{companyId}", { params: { companyId: MISSING } });
    const invalid = await answer(models.ErrorMessageData, 400, "POST", "/companies", { body: { name: "" } });
    assert.ok(invalid.validation?.errors?.length, "a refused body names its fields");
  });

  it("OAuth definitions, app credentials and a client's own platform (the extensions); never the app secret", async () => {
    const extension = { contract: false };
    const secret = "wire-shapes-app-secret-0123456789";
    const gbol = { params: { platformKey: "gbol" }, ...extension };
    const body = { clientId: "wire-app", clientSecret: secret, scopes: ["offline_access", "accounting.settings.read"] };

    const set = await answer(models.PlatformCredentials, 200, "PUT", "/integrations/{platformKey}/credentials", { ...gbol, body });
    assert.equal(set.redirectUri, `${server.url}/oauth/callback`);
    assert.equal(set.clientSecretSet, true);
    const read = await answer(models.PlatformCredentials, 200, "GET", "/integrations/{platformKey}/credentials", gbol);
    assert.deepEqual(read, set);
    await answer(models.PlatformCredentials, 200, "PUT", "/integrations/{platformKey}/credentials", { ...gbol, body: { ...body, scopes: null } });
    for (const [method, options] of [["PUT", { ...gbol, body }], ["GET", gbol]] as const) {
      const response = await api(method, "/integrations/{platformKey}/credentials", options);
      assert.equal(response.status, 200);
      assert.ok(!response.text.includes(secret), `${method}: the answer never carries the secret`);
    }
    await answer(models.ErrorMessageData, 400, "PUT", "/integrations/{platformKey}/credentials", { ...gbol, body: { clientId: "", clientSecret: secret } });
    await answer(models.ErrorMessageData, 400, "PUT", "/integrations/{platformKey}/credentials", { ...gbol, body: { clientId: "a", clientSecret: secret, scopes: ["a b"] } });

    const catalogue = await answer(models.Integrations, 200, "GET", "/integrations");
    for (const { key } of catalogue.results ?? []) {
      if (key === "mqjo") await answer(models.ErrorMessageData, 404, "GET", "/integrations/{platformKey}/definition", { params: { platformKey: key }, ...extension });
      else await answer(models.OAuthDefinition, 200, "GET", "/integrations/{platformKey}/definition", { params: { platformKey: key }, ...extension });
    }

    const own = { params: { platformKey: "wire" }, ...extension };
    const platform = {
      name: "Wire Ledger",
      sourceType: "Banking",
      oauth: {
        authorizeUrl: "https://login.wire-ledger.example/authorize",
        tokenUrl: "https://login.wire-ledger.example/token",
        apiBaseUrl: "https://api.wire-ledger.example/{region}",
        startParameters: [{ name: "region", label: "Region", pattern: "^(eu|us)$" }],
        postConnect: { kind: "lookup", url: "https://api.wire-ledger.example/{region}/me", path: "account.id", keep: { name: "accountId" } },
        identity: "accountId",
      },
    };
    const added = await answer(models.Integration, 200, "PUT", "/integrations/{platformKey}", { ...own, body: platform });
    assert.equal(added.sourceType, "Banking");
    const definition = await answer(models.OAuthDefinition, 200, "GET", "/integrations/{platformKey}/definition", own);
    assert.deepEqual(definition.startParameters, [{ name: "region", label: "Region", pattern: "^(eu|us)$", placeholder: "" }]);
    await answer(models.ErrorMessageData, 409, "PUT", "/integrations/{platformKey}", { ...gbol, body: platform });
    assert.equal((await api("DELETE", "/integrations/{platformKey}", own)).status, 204);
    assert.equal((await api("DELETE", "/integrations/{platformKey}/credentials", gbol)).status, 204);
    await answer(models.ErrorMessageData, 404, "GET", "/integrations/{platformKey}/credentials", gbol);
  });
});
