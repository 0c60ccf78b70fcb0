/** The outcome of a standalone function: never thrown, always returned. */
export type Result<T, E = Error> = { ok: true; value: T; error?: undefined } | { ok: false; error: E; value?: undefined };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** The value of a result, or its error thrown: how the resource classes turn results into promises. */
export async function unwrap<T, E>(result: Promise<Result<T, E>>): Promise<T> {
  const r = await result;
  if (r.ok) return r.value;
  throw r.error;
}
