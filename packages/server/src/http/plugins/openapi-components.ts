// Named schemas for `/openapi.json`: each schema the contract names (and this server's own, by
// their SDK model names) goes once under `components/schemas`, and every place that schema
// appears, however deep (a company's connections, a page's results, every error answer), becomes
// a `$ref` to it. Schemas are matched by content, so a route keeps declaring plain schemas and a
// shape is named wherever it occurs.
import type { ContractText, SchemaText } from "./openapi-contract.js";
import type { DocOperation, DocPaths, NamedSchema } from "./openapi-describe.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON with object keys sorted: equal for schemas that mean the same, whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
}

/** Keywords whose value is one schema, a list of schemas, or a map of names to schemas. */
const ONE = new Set(["items", "additionalProperties", "propertyNames", "not", "contains", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties"]);
const LIST = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const MAP = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/** `schema` with every named subschema (not itself) replaced by a `$ref`. */
function referencing(schema: Json, refs: Map<string, string>): Json {
  const swap = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    const ref = refs.get(canonical(node));
    return ref ? { $ref: ref } : referencing(node, refs);
  };
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ONE.has(key)) out[key] = swap(value);
    else if (LIST.has(key) && Array.isArray(value)) out[key] = value.map(swap);
    else if (MAP.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, swap(sub)]));
    else out[key] = value;
  }
  return out;
}

/**
 * Moves the named schemas of `paths` under the returned `components/schemas` and refers to
 * them. A name goes to the first schema that claims it; another schema claiming the same name
 * (a request body stricter than the answer of the same name) stays inline, and a schema keeps
 * the first name it was given.
 */
export function nameSchemas(paths: DocPaths, candidates: NamedSchema[]): Record<string, Json> {
  const byName = new Map<string, Json>();
  const refs = new Map<string, string>();
  for (const [name, schema] of candidates) {
    const key = canonical(schema);
    if (byName.has(name) || refs.has(key)) continue;
    byName.set(name, schema);
    refs.set(key, `#/components/schemas/${name}`);
  }
  const asRef = (schema: Json): Json => {
    const ref = refs.get(canonical(schema));
    return ref ? { $ref: ref } : referencing(schema, refs);
  };
  for (const methods of Object.values(paths)) {
    for (const operation of Object.values(methods) as DocOperation[]) {
      for (const parameter of operation.parameters) parameter.schema = asRef(parameter.schema);
      for (const media of Object.values(operation.requestBody?.content ?? {})) media.schema = asRef(media.schema);
      for (const response of Object.values(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) media.schema = asRef(media.schema);
      }
    }
  }
  const names = [...byName.keys()].sort();
  return Object.fromEntries(names.map((name) => [name, referencing(byName.get(name) as Json, refs)]));
}

/** Gives `schema` and its properties and items, however nested, the contract's descriptions where they have none. */
function describeSchema(schema: Json, text: SchemaText | undefined): void {
  if (!text || typeof schema.$ref === "string") return;
  if (text.description && schema.description === undefined) schema.description = text.description;
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (isObject(property)) describeSchema(property, text.properties.get(name));
    }
  }
  if (isObject(schema.items)) describeSchema(schema.items, text.items);
}

/** The contract's descriptions on the named schemas (after naming: descriptions are not part of a match). */
export function describeSchemas(schemas: Record<string, Json>, contract: ContractText): void {
  for (const [name, schema] of Object.entries(schemas)) describeSchema(schema, contract.schemaText(name));
}
