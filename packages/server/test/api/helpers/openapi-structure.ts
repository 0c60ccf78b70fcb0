// Checks that a document is a well-formed OpenAPI 3.1 document, for the `/openapi.json` test:
// the shape of every object the specification defines (required fields, allowed fields, enums,
// `x-` extensions), as a JSON Schema run by ajv; then what a schema cannot say: every `$ref`
// resolves, operation ids are unique, path templates and path parameters agree, security
// requirements name declared schemes, tags are unique, and every schema in the document is a
// valid JSON Schema 2020-12 (ajv compiles it strictly, with OpenAPI's own schema keywords).
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

type Json = Record<string, unknown>;

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const EXTENSIONS = { "^x-": {} };
const closed = (properties: Json, required: string[] = []) => ({
  type: "object",
  properties,
  required,
  patternProperties: EXTENSIONS,
  additionalProperties: false,
});
const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const mapOf = (schema: object) => ({ type: "object", additionalProperties: schema });
const orReference = (name: string) => ({ oneOf: [ref("reference"), ref(name)] });
const text = { type: "string" };
/** A JSON Schema in the document is checked apart (compileSchemas); here, an object or a boolean. */
const schemaObject = { type: ["object", "boolean"] };

/** OpenAPI 3.1's objects, as far as a document of this server can use them. */
const OPENAPI_31 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  ...closed(
    {
      openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" },
      info: ref("info"),
      jsonSchemaDialect: text,
      servers: { type: "array", items: ref("server") },
      paths: { type: "object", propertyNames: { pattern: "^/" }, patternProperties: EXTENSIONS, additionalProperties: ref("pathItem") },
      webhooks: mapOf(ref("pathItem")),
      components: ref("components"),
      security: { type: "array", items: ref("securityRequirement") },
      tags: { type: "array", items: ref("tag") },
      externalDocs: ref("externalDocs"),
    },
    ["openapi", "info", "paths"],
  ),
  $defs: {
    reference: { type: "object", properties: { $ref: text, summary: text, description: text }, required: ["$ref"], additionalProperties: false },
    info: closed(
      {
        title: text,
        summary: text,
        description: text,
        termsOfService: text,
        contact: closed({ name: text, url: text, email: text }),
        license: closed({ name: text, identifier: text, url: text }, ["name"]),
        version: text,
      },
      ["title", "version"],
    ),
    server: closed({ url: text, description: text, variables: mapOf(closed({ enum: { type: "array", items: text }, default: text, description: text }, ["default"])) }, ["url"]),
    externalDocs: closed({ description: text, url: text }, ["url"]),
    tag: closed({ name: text, description: text, externalDocs: ref("externalDocs") }, ["name"]),
    securityRequirement: mapOf({ type: "array", items: text }),
    pathItem: closed({
      $ref: text,
      summary: text,
      description: text,
      servers: { type: "array", items: ref("server") },
      parameters: { type: "array", items: orReference("parameter") },
      ...Object.fromEntries(["get", "put", "post", "delete", "options", "head", "patch", "trace"].map((method) => [method, ref("operation")])),
    }),
    operation: closed({
      tags: { type: "array", items: text },
      summary: text,
      description: text,
      externalDocs: ref("externalDocs"),
      operationId: text,
      parameters: { type: "array", items: orReference("parameter") },
      requestBody: orReference("requestBody"),
      responses: ref("responses"),
      callbacks: mapOf({}),
      deprecated: { type: "boolean" },
      security: { type: "array", items: ref("securityRequirement") },
      servers: { type: "array", items: ref("server") },
    }),
    parameter: {
      ...closed(
        {
          name: text,
          in: { enum: ["query", "header", "path", "cookie"] },
          description: text,
          required: { type: "boolean" },
          deprecated: { type: "boolean" },
          allowEmptyValue: { type: "boolean" },
          style: { enum: ["matrix", "label", "simple", "form", "spaceDelimited", "pipeDelimited", "deepObject"] },
          explode: { type: "boolean" },
          allowReserved: { type: "boolean" },
          schema: schemaObject,
          example: {},
          examples: mapOf(orReference("example")),
          content: { ...mapOf(ref("mediaType")), minProperties: 1, maxProperties: 1 },
        },
        ["name", "in"],
      ),
      // One of schema / content; a path parameter is always required.
      oneOf: [{ required: ["schema"] }, { required: ["content"] }],
      if: { properties: { in: { const: "path" } } },
      then: { properties: { required: { const: true } }, required: ["required"] },
    },
    requestBody: closed({ description: text, content: mapOf(ref("mediaType")), required: { type: "boolean" } }, ["content"]),
    mediaType: closed({ schema: schemaObject, example: {}, examples: mapOf(orReference("example")), encoding: mapOf({}) }),
    example: {
      ...closed({ summary: text, description: text, value: {}, externalValue: text }),
      not: { required: ["value", "externalValue"] },
    },
    responses: {
      type: "object",
      propertyNames: { pattern: "^([1-5](\\d{2}|XX)|default|x-.*)$" },
      minProperties: 1,
      additionalProperties: orReference("response"),
    },
    response: closed(
      {
        description: { type: "string", minLength: 1 },
        headers: mapOf({}),
        content: mapOf(ref("mediaType")),
        links: mapOf({}),
      },
      ["description"],
    ),
    securityScheme: {
      type: "object",
      required: ["type"],
      properties: { type: { enum: ["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"] }, description: text },
      allOf: [
        { if: { properties: { type: { const: "apiKey" } } }, then: { required: ["name", "in"], properties: { in: { enum: ["query", "header", "cookie"] } } } },
        { if: { properties: { type: { const: "http" } } }, then: { required: ["scheme"] } },
      ],
    },
    components: closed({
      schemas: { type: "object", propertyNames: { pattern: "^[a-zA-Z0-9._-]+$" }, additionalProperties: schemaObject },
      responses: mapOf(orReference("response")),
      parameters: mapOf(orReference("parameter")),
      examples: mapOf(orReference("example")),
      requestBodies: mapOf(orReference("requestBody")),
      headers: mapOf({}),
      securitySchemes: mapOf(orReference("securityScheme")),
      links: mapOf({}),
      callbacks: mapOf({}),
      pathItems: mapOf(ref("pathItem")),
    }),
  },
};

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
/** Keywords OpenAPI 3.1 adds to JSON Schema. */
const OPENAPI_KEYWORDS = ["example", "discriminator", "xml", "externalDocs"];

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** `strictRequired` off for the structure schema only: its `oneOf` branches require fields declared beside them. */
function newAjv(options: { strictRequired?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictRequired: options.strictRequired ?? true, allowUnionTypes: true, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}

function resolvePointer(document: Json, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.replace(/^#\//, "").split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
  }
  return node;
}

function everyRef(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) everyRef(item, found);
  else if (isObject(node)) {
    if (typeof node.$ref === "string") found.push(node.$ref);
    for (const [key, value] of Object.entries(node)) if (key !== "example" && key !== "examples") everyRef(value, found);
  }
  return found;
}

export interface OperationEntry {
  path: string;
  method: string;
  operation: Json;
}

export function operationsOf(document: Json): OperationEntry[] {
  const out: OperationEntry[] = [];
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (METHODS.has(method)) out.push({ path, method, operation: operation as Json });
    }
  }
  return out;
}

/** Every schema of the document: component schemas, and those of parameters and bodies (inline or `$ref`). */
function schemasOf(document: Json): Array<[where: string, schema: unknown]> {
  const out: Array<[string, unknown]> = [];
  const components = (document.components ?? {}) as Json;
  for (const [name, schema] of Object.entries((components.schemas ?? {}) as Json)) out.push([`#/components/schemas/${name}`, schema]);
  for (const { path, method, operation } of operationsOf(document)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const parameter of (operation.parameters ?? []) as Json[]) out.push([`${at} parameter ${String(parameter.name)}`, parameter.schema]);
    const body = operation.requestBody as Json | undefined;
    for (const [type, media] of Object.entries((body?.content ?? {}) as Json)) out.push([`${at} body ${type}`, (media as Json).schema]);
    for (const [status, response] of Object.entries(operation.responses as Json)) {
      for (const [type, media] of Object.entries(((response as Json).content ?? {}) as Json)) out.push([`${at} ${status} ${type}`, (media as Json).schema]);
    }
  }
  return out;
}

let structureValidator: ValidateFunction | undefined;

/** The problems found in `document`, none when it is a valid OpenAPI 3.1 document. */
export function openApiProblems(document: Json): string[] {
  const problems: string[] = [];
  const structure = (structureValidator ??= newAjv({ strictRequired: false }).compile(OPENAPI_31));
  if (!structure(document)) {
    for (const error of structure.errors ?? []) problems.push(`structure: ${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
  }

  for (const ref of new Set(everyRef(document))) {
    if (!ref.startsWith("#/") || resolvePointer(document, ref) === undefined) problems.push(`$ref ${ref} does not resolve`);
  }

  const ids = new Map<string, string>();
  const schemes = new Set(Object.keys(((document.components as Json | undefined)?.securitySchemes ?? {}) as Json));
  const requirements = [...((document.security ?? []) as Json[])];
  for (const { path, method, operation } of operationsOf(document)) {
    const at = `${method.toUpperCase()} ${path}`;
    const id = operation.operationId;
    if (typeof id === "string") {
      if (ids.has(id)) problems.push(`operationId ${id} is used by ${ids.get(id)} and ${at}`);
      ids.set(id, at);
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
    const declared = ((operation.parameters ?? []) as Json[]).filter((p) => p.in === "path").map((p) => String(p.name)).sort();
    if (JSON.stringify(templated) !== JSON.stringify(declared)) problems.push(`${at}: path template {${templated.join("}, {")}} but path parameters ${declared.join(", ") || "none"}`);
    const seen = new Set<string>();
    for (const parameter of (operation.parameters ?? []) as Json[]) {
      const key = `${String(parameter.in)}:${String(parameter.name)}`;
      if (seen.has(key)) problems.push(`${at}: parameter ${key} declared twice`);
      seen.add(key);
    }
    requirements.push(...((operation.security ?? []) as Json[]));
  }
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) if (!schemes.has(name)) problems.push(`security requirement names undeclared scheme ${name}`);
  }
  const tagNames = ((document.tags ?? []) as Json[]).map((tag) => tag.name);
  if (new Set(tagNames).size !== tagNames.length) problems.push(`tags are not unique: ${tagNames.join(", ")}`);

  // Each schema must compile as JSON Schema 2020-12; `$ref`s are to the document's components.
  let compile: ReturnType<typeof schemaCompiler>;
  try {
    compile = schemaCompiler(document);
  } catch (error) {
    return [...problems, `components/schemas: not a valid JSON Schema 2020-12: ${(error as Error).message}`];
  }
  for (const [where, schema] of schemasOf(document)) {
    try {
      compile(schema);
    } catch (error) {
      problems.push(`${where}: not a valid JSON Schema 2020-12: ${(error as Error).message}`);
    }
  }
  return problems;
}

const COMPONENT_SCHEMAS = "#/components/schemas/";

/** `schema` with its `#/components/schemas/X` refs pointing at `prefix` + X. */
function rebase(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rebase(item, prefix));
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_SCHEMAS) ? `${prefix}${value.slice(COMPONENT_SCHEMAS.length)}` : rebase(value, prefix),
    ]),
  );
}

/**
 * Compiles a schema of `document` with ajv, strictly (unknown keywords, undeclared required
 * properties, ... are errors), the document's component schemas reachable through its `$ref`s.
 */
export function schemaCompiler(document: Json): (schema: unknown) => ValidateFunction {
  const ajv = newAjv();
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  ajv.addSchema({ $id: "openapi.json", $defs: rebase(schemas, "#/$defs/") as Json });
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile(rebase(schema, "openapi.json#/$defs/") as Json)));
    return validate;
  };
}
