// Heavy fields of an error (the raw response, its body, the parsed data, a rejected value) stay
// readable but are not enumerable: `console.log(error)`, `util.inspect` and `JSON.stringify`
// then show the one-line message, the stack and the few scalar fields, not the whole exchange.

/** Defines each entry as a read-only, non-enumerable own property of `target`. */
export function defineHidden(target: object, fields: Record<string, unknown>): void {
  for (const name of Object.keys(fields)) {
    Object.defineProperty(target, name, { value: fields[name], enumerable: false, writable: false, configurable: true });
  }
}
