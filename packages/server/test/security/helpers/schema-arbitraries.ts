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

/** Integers past any sensible range: offsets and counts built from them overflow 64 bits. */
const outOfRange = fc.oneof(
  fc.constantFrom(2 ** 31, 2 ** 53, 1e17, 9.3e18, 1e21, -(2 ** 63)),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
  fc.bigInt({ min: 2n ** 63n - 10n, max: 2n ** 70n }).map((n) => Number(n)),
);

/** `text` with a NUL character somewhere in it (PostgreSQL cannot store one in text). */
const withNul = (text: string, at: number) => {
  const i = Math.min(at, text.length);
  return `${text.slice(0, i)}\u0000${text.slice(i)}`;
};

/** A valid value with one string field (or, for a string schema, the value) carrying a NUL. */
function nulInside(schema: JsonSchema, properties: string[]): fc.Arbitrary<unknown> {
  const stringFields = properties.filter((p) => types((schema.properties as Record<string, JsonSchema>)[p] ?? {}).includes("string"));
  if (stringFields.length > 0) {
    return fc
      .tuple(validValue(schema), fc.constantFrom(...stringFields), fc.string({ minLength: 1, maxLength: 20 }), fc.nat(20))
      .map(([value, field, text, at]) => ({ ...(value as object), [field]: withNul(text, at) }));
  }
  if (typeof schema.additionalProperties === "object") {
    // Maps such as a company's tags: NUL in a key or in a value.
    return fc
      .tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 }), fc.nat(10), fc.boolean())
      .map(([key, value, at, inKey]) => (inKey ? { [withNul(key, at)]: value } : { [key]: withNul(value, at) }));
  }
  return fc.tuple(fc.string({ maxLength: 20 }), fc.nat(20)).map(([text, at]) => withNul(text, at));
}

export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.keys((schema.properties ?? {}) as object);
  if (types(schema).includes("integer")) return fc.oneof(outOfRange, wrongKind);
  if (types(schema).includes("string")) return fc.oneof(nulInside(schema, []), wrongKind);
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
  const nestedNul = properties.length
    ? fc
        .tuple(validValue(schema), fc.constantFrom(...properties))
        .chain(([value, field]) => nulInside((schema.properties as Record<string, JsonSchema>)[field] ?? {}, []).map((bad) => ({ ...(value as object), [field]: bad })))
    : wrongKind;
  return fc.oneof(
    oneFieldWrong,
    oneFieldOversized,
    nulInside(schema, properties),
    nestedNul,
    unicodeEverywhere,
    fc.tuple(validValue(schema), anyText(12), fc.jsonValue()).map(([value, key, extra]) => ({ ...(value as object), [key]: extra })),
    validValue(schema).map((value) => ({ ...(value as object), ["__proto__"]: { polluted: true }, constructor: { prototype: { polluted: true } } })),
    wrongKind,
    deep,
  );
}
