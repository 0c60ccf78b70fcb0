import * as v from "valibot";

/**
 * A wire object: parsed leniently (unknown extra fields pass through, so a newer server does
 * not break an older client) but typed by its declared fields only, so that code producing
 * these shapes (the server) still gets excess-property checks.
 */
export function wire<const E extends v.ObjectEntries>(entries: E): Wire<E> {
  return v.looseObject(entries) as unknown as Wire<E>;
}

/** The declared fields' output type, without the loose object's `[key: string]: unknown`. */
export type Wire<E extends v.ObjectEntries> = v.GenericSchema<unknown, v.InferOutput<v.ObjectSchema<E, undefined>>> & {
  readonly entries: E;
};

/** An ISO-8601 date-time as the contract's `DateTime` (kept as the string the server sent). */
export const DateTime = v.string();
