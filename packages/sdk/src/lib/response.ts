// Turns a response into the operation's value or into the error its status calls for.
import { ErrorMessage, SDKError } from "../errors/http.js";
import { ResponseValidationError } from "../errors/validation.js";
import { ErrorMessageData } from "../models/errors.js";
import { withLinks, type PagingInfo } from "../models/paging.js";
import type { Operation } from "./operation.js";
import { err, ok, type Result } from "./result.js";
import { validate } from "./validate.js";

/** What an operation can fail with once a response arrived. */
export type ResponseFailure = ErrorMessage | SDKError | ResponseValidationError;

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

function parseJSON(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function readResponse<Res>(
  op: Operation<unknown, Res>,
  response: Response,
): Promise<Result<Res, ResponseFailure>> {
  const status = response.status;
  const text = await response.text();

  if (status >= 200 && status < 300) {
    if (!op.response) return ok(undefined as Res);
    const invalid = (what: string, cause: unknown, rawValue: unknown) =>
      err(new ResponseValidationError(`Response body of ${op.method} ${op.path} ${what}`, { response, body: text, cause, rawValue }));
    const json = parseJSON(text);
    if (!json.ok) return invalid("is not JSON", json.error, text);
    const checked = validate(op.response, json.value);
    if (checked.ok) return op.page ? ok(withLinks(checked.value as PagingInfo) as Res) : checked;
    return invalid("does not match its schema", checked.cause, json.value);
  }

  const meta = { response, body: text };
  const contentType = response.headers.get("content-type") ?? "";
  if (op.errors.includes(status) && JSON_TYPE.test(contentType)) {
    const json = parseJSON(text);
    const data = json.ok && json.value !== null && typeof json.value === "object" ? validate(ErrorMessageData, json.value) : undefined;
    if (data?.ok) return err(new ErrorMessage(data.value, meta));
    return err(new SDKError("", meta, undefined, { cause: data?.cause ?? (json.ok ? undefined : json.error) }));
  }
  return err(new SDKError("", meta));
}
