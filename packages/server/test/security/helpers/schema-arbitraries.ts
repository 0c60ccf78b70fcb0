// fast-check arbitraries driven by the route schemas (JSON Schema as served in /openapi.json):
// `validValue` builds values the schema accepts, `hostileValue` values it should refuse or
// that stress the handler behind it (wrong types, boundary lengths, unicode and control
// characters, prototype keys, deep nesting, unknown fields).
import fc from "fast-check";
import type { JsonSchema } from "./routes.js";

/** Any string, including lone surrogates, NUL and other control characters. */
export const anyText = (maxLength = 64) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.constantFrom("", " ", "\u0000", "\r\n", "\u202e", "\ud800", "💸", "ǅ", "../../etc/passwd", "' OR 1=1 --", "%00", "${7*7}", "<script>", "null", "NaN", "-1", "1e309"),
  );

const types = (schema: JsonSchema): string[] => {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === "string" ? [type] : [];
};

export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const options = types(schema).map((type) => validOfType(type, schema));
  return options.length === 0 ? fc.jsonValue() : fc.oneof(...options);
}

function validOfType(type: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1000, max: Math.min((schema.maximum as number | undefined) ?? 1000, 1000) });
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "string": {
      const minLength = (schema.minLength as number | undefined) ?? 0;
      const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 60);
      if (schema.format === "uuid") return fc.uuid();
      if (typeof schema.pattern === "string") {
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= ((schema.maxLength as number | undefined) ?? Infinity));
      }
      return fc.string({ unit: "grapheme", minLength, maxLength });
    }
    case "array":
      return fc.array(validValue((schema.items as JsonSchema | undefined) ?? {}), { maxLength: Math.min((schema.maxItems as number | undefined) ?? 4, 4) });
    case "object":
      return validObject(schema);
    default:
      return fc.jsonValue();
  }
}

function validObject(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === "object") {
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validValue(schema.additionalProperties as JsonSchema), {
      maxKeys: Math.min((schema.maxProperties as number | undefined) ?? 5, 5),
    });
  }
  const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property)]));
  return fc.record(record, { requiredKeys: (schema.required as string[] | undefined) ?? [] });
}

/** A value of the wrong kind for any schema position. */
const wrongKind = fc.oneof(
  anyText(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(anyText(8), fc.jsonValue(), { maxKeys: 3 }),
);

/** Objects nested `depth` deep: parsers and validators must not fall over. */
const deep = fc.integer({ min: 50, max: 2000 }).map((depth) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown);

export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.keys((schema.properties ?? {}) as object);
  const oneFieldWrong = properties.length
    ? fc.tuple(validValue(schema), fc.constantFrom(...properties), wrongKind).map(([value, field, bad]) => ({ ...(value as object), [field]: bad }))
    : wrongKind;
  const oneFieldOversized = properties.length
    ? fc.tuple(validValue(schema), fc.constantFrom(...properties), fc.integer({ min: 1, max: 5000 })).map(([value, field, extra]) => {
        const limit = ((schema.properties as Record<string, JsonSchema>)[field]?.maxLength as number | undefined) ?? 300;
        return { ...(value as object), [field]: "x".repeat(limit + extra) };
      })
    : wrongKind;
  const unicodeEverywhere = properties.length
    ? fc.record(Object.fromEntries(properties.map((p) => [p, anyText()])), { requiredKeys: [] })
    : anyText();
  return fc.oneof(
    oneFieldWrong,
    oneFieldOversized,
    unicodeEverywhere,
    fc.tuple(validValue(schema), anyText(12), fc.jsonValue()).map(([value, key, extra]) => ({ ...(value as object), [key]: extra })),
    validValue(schema).map((value) => ({ ...(value as object), ["__proto__"]: { polluted: true }, constructor: { prototype: { polluted: true } } })),
    wrongKind,
    deep,
  );
}
