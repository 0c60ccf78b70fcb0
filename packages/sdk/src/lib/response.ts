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

/** A success response whose body is not what the operation documents. */
function invalidBody(
  op: Operation<unknown, unknown>,
  extra: ConstructorParameters<typeof ResponseValidationError>[1],
  what: string,
): { ok: false; error: ResponseValidationError } {
  return err(new ResponseValidationError(`Response body of ${op.method} ${op.path} ${what}`, extra));
}

export async function readResponse<Res>(
  op: Operation<unknown, Res>,
  response: Response,
): Promise<Result<Res, ResponseFailure>> {
  const status = response.status;
  const text = await response.text();

  if (status >= 200 && status < 300) {
    if (!op.response) return ok(undefined as Res);
    const json = parseJSON(text);
    if (!json.ok) return invalidBody(op, { response, body: text, cause: json.error, rawValue: text }, "is not JSON");
    const checked = validate(op.response, json.value);
    if (checked.ok) return op.page ? ok(withLinks(checked.value as PagingInfo) as Res) : checked;
    return invalidBody(op, { response, body: text, cause: checked.cause, rawValue: json.value }, "does not match its schema");
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
