import * as v from "valibot";
import { BROWSER_BUILD } from "./build-target.js";

// The fast path. valibot builds its output anew, field by field, even when it equals the input:
// for a company with its connections that costs as much as parsing the JSON. A schema made only
// of kinds whose output IS their input (string, number, boolean, picklist, unknown, optional,
// nullable, nullish, array, record, loose object, pipes of validations) is compiled once into a
// check that accepts only what valibot accepts with an equal output; a value passing it is
// returned as it is. Any other schema (a transformation, a default, another kind) and any value
// the check refuses go through valibot, whose output and issues stay the reference. The browser
// build leaves the fast path out (see build-target.ts): there, a call's microseconds do not count
// and the bundle's bytes do.

/** True only when valibot would accept the value and output one equal to it. */
type Check = (value: unknown) => boolean;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = Record<string, any>;

const checks = new WeakMap<object, Check | undefined>();

/**
 * An ordinary object (valibot's output always is one) without a key valibot drops: arrays,
 * class instances and `{"__proto__": …}` from JSON are left to valibot.
 */
const isPlain = (value: unknown): value is Record<string, unknown> =>
  Object.getPrototypeOf(value ?? 0) === Object.prototype &&
  !Object.hasOwn(value!, "__proto__") &&
  !Object.hasOwn(value!, "prototype") &&
  !Object.hasOwn(value!, "constructor");

function compile(schema: AnySchema): Check | undefined {
  const { type, wrapped, pipe } = schema;
  if (schema.async || schema.default !== undefined || schema.fallback !== undefined) return undefined;
  if (pipe) {
    const [first, ...actions] = (pipe as AnySchema[]).filter((item) => item.kind !== "metadata");
    const base = compile(first!);
    const config = v.getGlobalConfig();
    if (!base || actions.some((a) => a.kind !== "validation" || a.async)) return undefined;
    return (value) => base(value) && actions.every((a) => !a["~run"]({ typed: true, value }, config).issues);
  }
  if (type === "string" || type === "boolean") return (value) => typeof value === type;
  if (type === "number") return (value) => typeof value === type && !Number.isNaN(value);
  if (type === "unknown") return () => true;
  if (type === "picklist") return (value) => schema.options.includes(value);
  const inner = wrapped ?? schema.item ?? schema.value;
  const check = inner && compile(inner);
  if (wrapped) return check && ((value) => (value === undefined ? type !== "nullable" : value === null ? type !== "optional" : check(value)));
  if (type === "array") {
    return (
      check &&
      ((value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!(i in value) || !check(value[i])) return false; // a hole: valibot fills it
        return true;
      })
    );
  }
  if (type === "record") {
    // Only `v.string()` keys: a key is a string whatever its schema says.
    if (!check || schema.key.type !== "string" || schema.key.pipe) return undefined;
    return (value) => {
      if (!isPlain(value)) return false;
      for (const key in value) if (!check(value[key])) return false;
      return true;
    };
  }
  if (type !== "loose_object") return undefined;
  const keys = Object.keys(schema.entries);
  const entryChecks = keys.map((key) => compile(schema.entries[key]));
  const optional = keys.map((key) => /^(optional|nullish)$/.test(schema.entries[key].type));
  // An entry named like a key every object inherits (`toString`) would read as present below.
  if (!entryChecks.every(Boolean) || keys.some((key) => key in Object.prototype)) return undefined;
  // valibot keeps unknown keys as they are. A plain object inherits none of the entries' keys
  // (`validate` makes sure nothing was added to Object.prototype): a value read is its own.
  return (value) => {
    if (!isPlain(value)) return false;
    for (let i = 0; i < keys.length; i++) {
      const item = value[keys[i]!];
      if (item === undefined ? !optional[i] : !entryChecks[i]!(item)) return false;
    }
    return true;
  };
}

/** The parsed value, or the schema's issues as valibot's `ValiError` (the cause of the error the caller raises). */
export function validate<T>(
  schema: v.GenericSchema<unknown, T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; cause: v.ValiError<v.GenericSchema<unknown, T>> } {
  if (!BROWSER_BUILD) {
    if (!checks.has(schema)) checks.set(schema, compile(schema));
    let unpolluted = true;
    for (const _ in Object.prototype) unpolluted = false;
    if (unpolluted && checks.get(schema)?.(value)) return { ok: true, value: value as T };
  }
  const parsed = v.safeParse(schema, value);
  return parsed.success ? { ok: true, value: parsed.output } : { ok: false, cause: new v.ValiError(parsed.issues) };
}
