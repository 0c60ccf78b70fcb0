// Values that are usually ready at once (a warm cache) and sometimes need a database read.
// Chaining them with `then` keeps the warm path synchronous: no promise and no microtask per
// step on the hot path, while the cold path stays an ordinary promise chain.
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)` now when `value` is ready, else once it resolves; a sync throw stays sync. */
export function then<T, U>(value: MaybePromise<T>, next: (ready: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Runs `work` and reports its outcome to a Fastify-style callback: at once when it finishes
 * synchronously (returning or throwing), else when its promise settles.
 */
export function settle(work: () => MaybePromise<unknown>, done: (error?: Error) => void): void {
  let result: MaybePromise<unknown>;
  try {
    result = work();
  } catch (error) {
    return done(error as Error);
  }
  if (result instanceof Promise) result.then(() => done(), done);
  else done();
}
