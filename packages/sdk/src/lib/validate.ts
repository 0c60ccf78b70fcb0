import * as v from "valibot";
import { SDKValidationError, type ValidationIssue } from "../errors/validation.js";

function issues(list: readonly v.BaseIssue<unknown>[]): ValidationIssue[] {
  return list.map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join(".") ?? "",
    message: issue.message,
  }));
}

/** The parsed value, or an `SDKValidationError` naming every issue. */
export function validate<T>(
  schema: v.GenericSchema<unknown, T>,
  value: unknown,
  what: string,
): { ok: true; value: T } | { ok: false; error: SDKValidationError } {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return { ok: true, value: parsed.output };
  const found = issues(parsed.issues);
  const first = found[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ""}${first.message}` : "invalid";
  return { ok: false, error: new SDKValidationError(`${what}: ${summary}`, value, found) };
}
