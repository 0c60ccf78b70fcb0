import * as v from "valibot";

/**
 * A wire object: parsed leniently (unknown extra fields pass through, so a newer server does
 * not break an older client) but typed by its declared fields only, so that code producing
 * these shapes (the server) still gets excess-property checks. Pure, so that a bundle keeps
 * only the schemas it uses, nested ones included.
 */
/* @__NO_SIDE_EFFECTS__ */
export function wire<const E extends v.ObjectEntries>(entries: E): Wire<E> {
  return v.looseObject(entries) as unknown as Wire<E>;
}

/**
 * Two sets of fields as one, for `wire`. A call rather than an object spread, and a pure one: a
 * bundler cannot tell a spread has no side effects, so it would keep every schema built with one,
 * used or not.
 */
/* @__NO_SIDE_EFFECTS__ */
export function fields<A extends v.ObjectEntries, B extends v.ObjectEntries>(a: A, b: B): A & B {
  return { ...a, ...b };
}

/** The declared fields' output type, without the loose object's `[key: string]: unknown`. */
export type Wire<E extends v.ObjectEntries> = v.GenericSchema<unknown, v.InferOutput<v.ObjectSchema<E, undefined>>> & {
  readonly entries: E;
};

/** An ISO-8601 date-time as the contract's `DateTime` (kept as the string the server sent). */
export const DateTime = /* @__PURE__ */ v.string();

// Ids and URLs are strings named for what they hold, not checked: a client passes them on as
// the server sent them, as the reference SDK does. The names are what JSON Schema made from
// these models turns into `format: uuid` / `format: uri`, so browser bundles carry no
// annotations.

/** A UUID (the contract's `format: uuid`). */
export const Uuid = /* @__PURE__ */ v.string();

/** An absolute URL (the contract's `format: uri`). */
export const Url = /* @__PURE__ */ v.string();

/** A whole number, the contract's `integer`. */
export const Integer = /* @__PURE__ */ v.pipe(v.number(), v.integer());
