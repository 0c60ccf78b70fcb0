// The validation fast path (src/lib/validate.ts) against valibot itself, for every schema of the
// models: on values generated near each schema — valid ones, missing and extra keys, wrong
// types, NaN, keys valibot drops (`__proto__`, `constructor`, `prototype`), arrays and class
// instances where objects belong — `validate` must accept exactly what `v.safeParse` accepts,
// with an output deep-equal to valibot's, and the same issues when it refuses. And the fast
// path must be the one taken for ordinary answers (the value comes back as it is).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import * as v from "valibot";
import { validate } from "../src/lib/validate.js";
import * as models from "../src/models/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = Record<string, any>;

const schemas = Object.entries(models).filter(
  ([, model]) => typeof model === "object" && model !== null && (model as AnySchema).kind === "schema",
) as Array<[string, v.GenericSchema]>;

/** What `validate` returned as the value, if it accepted. */
const valueOf = (result: { ok: boolean; value?: unknown }) => (result.ok ? result.value : undefined);

const wrong = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}), fc.constant(Number.NaN));

class Instance {
  id = "x";
}

/** An own data property valibot's objects and records skip (JSON.parse makes these too). */
function withKey(value: Record<string, unknown>, key: string, item: unknown): Record<string, unknown> {
  const copy = { ...value };
  Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  return copy;
}

function near(schema: AnySchema, depth: number): fc.Arbitrary<unknown> {
  const valid = exact(schema, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: wrong, weight: 1 });
}

function exact(schema: AnySchema, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.pipe)) return depth > 3 ? wrong : near(schema.pipe[0], depth);
  switch (schema.type) {
    case "string":
      return fc.string({ maxLength: 6 });
    case "number":
      return fc.oneof(fc.integer({ min: -3, max: 6000 }), fc.double({ noDefaultInfinity: true }));
    case "boolean":
      return fc.boolean();
    case "picklist":
      return fc.constantFrom(...(schema.options as unknown[]));
    case "unknown":
      return fc.jsonValue({ maxDepth: 1 });
    case "optional":
      return fc.oneof(fc.constant(undefined), near(schema.wrapped, depth));
    case "nullish":
      return fc.oneof(fc.constant(undefined), fc.constant(null), near(schema.wrapped, depth));
    case "nullable":
      return fc.oneof(fc.constant(null), near(schema.wrapped, depth));
    case "array":
      return depth > 3 ? fc.constant([]) : fc.array(near(schema.item, depth + 1), { maxLength: 2 });
    case "record":
      return fc.dictionary(fc.string({ maxLength: 3 }), near(schema.value, depth + 1), { maxKeys: 2 });
    case "loose_object":
    case "object":
    case "strict_object": {
      const entries = Object.fromEntries(Object.entries(schema.entries as Record<string, AnySchema>).map(([k, e]) => [k, depth > 3 ? wrong : near(e, depth + 1)]));
      const base = fc.record(entries) as fc.Arbitrary<Record<string, unknown>>;
      const dropped = fc.tuple(base, fc.subarray(Object.keys(entries), { maxLength: 1 })).map(([value, gone]) => {
        const copy = { ...value };
        for (const key of gone) delete copy[key];
        return copy;
      });
      return fc.oneof(
        { arbitrary: base, weight: 5 },
        { arbitrary: dropped, weight: 2 },
        { arbitrary: fc.tuple(base, fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })).map(([value, key, item]) => ({ ...value, [`x${key}`]: item })), weight: 2 },
        { arbitrary: fc.tuple(base, fc.constantFrom("__proto__", "constructor", "prototype")).map(([value, key]) => withKey(value, key, "y")), weight: 1 },
        { arbitrary: base.map((value) => Object.assign(Object.create(null) as object, value)), weight: 1 },
        { arbitrary: base.map((value) => Object.assign(new Instance(), value)), weight: 1 },
        { arbitrary: base.map((value) => Object.values(value)), weight: 1 },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

describe("validate: the fast path agrees with valibot", () => {
  test(`covers the models (${schemas.length} schemas)`, () => assert.ok(schemas.length >= 30, String(schemas.length)));

  for (const [name, schema] of schemas) {
    test(name, () => {
      fc.assert(
        fc.property(near(schema as AnySchema, 0), (value) => {
          const expected = v.safeParse(schema, value);
          const actual = validate(schema, value);
          assert.equal(actual.ok, expected.success);
          if (actual.ok) assert.deepStrictEqual(actual.value, expected.output);
          else assert.deepStrictEqual(actual.cause.issues.map((i) => i.message), expected.issues!.map((i) => i.message));
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("validate: the fast path is taken", () => {
  const connection = {
    id: "24bc812a-73e9-483c-bef0-2adcc20eb4e5",
    integrationId: "8e3a1f4c-2b7d-4c9e-a5f0-6d1b3e8c9a03",
    sourceId: "2c5e8a1d-4f7b-4e3c-9a6d-0b1f2e3d4c04",
    sourceType: "Accounting",
    platformName: "Xero",
    linkUrl: "http://127.0.0.1:4000/companies/c/connections/24bc812a/start",
    status: "PendingAuth",
    created: "2026-11-30T11:02:12.750Z",
    integrationKey: "gbol",
  };
  const company = {
    id: "237d4ef4-8e42-426c-9db0-1847e9957890",
    name: "Bank of Dave",
    redirect: "http://127.0.0.1:4000/companies/237d4ef4/link",
    created: "2026-11-30T11:02:12.692Z",
    products: [],
    tags: { region: "uk" },
    referenceSubsidiaryCompanies: [],
    dataConnections: [connection, { ...connection, extra: { kept: true } }],
  };

  test("an ordinary company or token comes back as it is, without a copy", () => {
    const parsed = JSON.parse(JSON.stringify(company)) as unknown;
    assert.equal(valueOf(validate(models.Company, parsed)), parsed);
    const token = { accessToken: "eyJ" };
    assert.equal(valueOf(validate(models.ConnectionManagementAccessToken, token)), token);
  });

  test("a key valibot drops sends the value through valibot", () => {
    const parsed = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(company).slice(1)}`) as Record<string, unknown>;
    const value = valueOf(validate(models.Company, parsed));
    assert.ok(value && value !== parsed, "valibot's copy");
    assert.ok(!Object.hasOwn(value, "__proto__"));
  });

  test("a polluted Object.prototype sends every value through valibot", () => {
    const parsed = JSON.parse(JSON.stringify(company)) as unknown;
    Object.defineProperty(Object.prototype, "lastSync", { value: "2026", enumerable: true, writable: true, configurable: true });
    try {
      const result = validate(models.Company, parsed);
      assert.deepStrictEqual(result, { ok: true, value: v.parse(models.Company, parsed) });
    } finally {
      delete (Object.prototype as Record<string, unknown>).lastSync;
    }
  });
});
