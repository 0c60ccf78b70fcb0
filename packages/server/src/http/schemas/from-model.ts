// JSON Schema made from the SDK's valibot models, the one declaration of the wire shapes. The
// output keeps the form these schemas have always had, which suits ajv, fast-json-stringify and
// readers of `/openapi.json`:
// - a nullable value is `type: [T, "null"]`, not `anyOf` (fast-json-stringify would check each
//   `anyOf` branch against the value while serialising);
// - a loose object stays without `additionalProperties`, so serialisation writes the declared
//   fields only and drops anything else;
// - no empty `required`, no `propertyNames: { type: "string" }` (object keys are strings), no
//   `$schema`; keys in a fixed order.
import { DateTime, Url, Uuid } from "@codat/platform/models";
import { toJsonSchema } from "@valibot/to-json-schema";

export type Schema = Record<string, unknown>;
type Model = Parameters<typeof toJsonSchema>[0];

/** What the SDK's named string kinds mean here; the SDK keeps them plain to stay small. */
const KINDS = new Map<unknown, Schema>([
  [DateTime, { description: "ISO-8601 date-time, UTC." }],
  [Uuid, { format: "uuid" }],
  [Url, { format: "uri" }],
]);

/** The order keys are written in; any other key follows, as it came. */
const KEY_ORDER = [
  "type",
  "enum",
  "format",
  "description",
  "minLength",
  "maxLength",
  "pattern",
  "required",
  "maxProperties",
  "propertyNames",
  "properties",
  "maxItems",
  "items",
  "additionalProperties",
];

/** Keys whose value is one schema, and keys whose value is a list of them. */
const SUBSCHEMA = new Set(["items", "additionalProperties", "propertyNames", "not"]);
const SUBSCHEMAS = new Set(["anyOf", "oneOf", "allOf"]);

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

function ordered(schema: Schema): Schema {
  const keys = Object.keys(schema);
  const known = KEY_ORDER.filter((key) => key in schema);
  return Object.fromEntries([...known, ...keys.filter((key) => !KEY_ORDER.includes(key))].map((key) => [key, schema[key]]));
}

function normalise(schema: Schema): Schema {
  let out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, normalise(property as Schema)]));
    } else if (SUBSCHEMA.has(key) && isSchema(value)) {
      out[key] = normalise(value);
    } else if (SUBSCHEMAS.has(key) && Array.isArray(value)) {
      out[key] = value.map((item) => normalise(item as Schema));
    } else {
      out[key] = value;
    }
  }
  // `anyOf: [T, { type: "null" }]` (valibot's nullable / nullish) → `type: [T, "null"]`.
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2 && isSchema(anyOf[0]) && isSchema(anyOf[1])) {
    const [inner, other] = anyOf as [Schema, Schema];
    if (typeof inner.type === "string" && Object.keys(other).length === 1 && other.type === "null") {
      const { anyOf: _, ...rest } = out;
      out = { ...inner, ...rest, type: [inner.type, "null"] };
      if (Array.isArray(inner.enum)) out.enum = [...(inner.enum as unknown[]), null];
    }
  }
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  const names = out.propertyNames;
  if (isSchema(names) && Object.keys(names).length === 1 && names.type === "string") delete out.propertyNames;
  return ordered(out);
}

/** The JSON Schema of an SDK model. */
export function fromModel(model: Model): Schema {
  const { $schema: _, ...schema } = toJsonSchema(model, {
    target: "draft-2020-12",
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      const kind = KINDS.get(valibotSchema);
      return kind ? { ...jsonSchema, ...kind } : undefined;
    },
  });
  return normalise(schema as Schema);
}

/**
 * `schema` with `rules` laid over it: nested schemas (`properties`, `items`, ...) merge, any other
 * key is set. A rule may only name properties the schema has, so field names stay the model's.
 */
export function constrain(schema: Schema, rules: Schema): Schema {
  const out: Schema = { ...schema };
  for (const [key, rule] of Object.entries(rules)) {
    const current = schema[key];
    if (key === "properties" && isSchema(rule)) {
      const properties = { ...(current as Record<string, Schema> | undefined) };
      for (const [name, propertyRule] of Object.entries(rule)) {
        const property = properties[name];
        if (!property) throw new Error(`constrain: the schema has no property "${name}"`);
        properties[name] = constrain(property, propertyRule as Schema);
      }
      out.properties = properties;
    } else if (SUBSCHEMA.has(key) && isSchema(rule) && isSchema(current)) {
      out[key] = constrain(current, rule);
    } else {
      if (key === "required" && Array.isArray(rule)) {
        const missing = rule.filter((name) => !isSchema(schema.properties) || !(String(name) in schema.properties));
        if (missing.length) throw new Error(`constrain: cannot require unknown properties ${missing.join(", ")}`);
      }
      out[key] = rule;
    }
  }
  return ordered(out);
}
