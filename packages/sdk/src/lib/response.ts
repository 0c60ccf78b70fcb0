// Turns a response into the operation's value or into the error its status calls for.
import { ErrorMessage, SDKError } from "../errors/http.js";
import { ResponseValidationError } from "../errors/validation.js";
import { ErrorMessageData } from "../models/errors.js";
import { withLinks, type PagingInfo } from "../models/paging.js";
import { isPaged, type Operation } from "./operation.js";
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
    const json = parseJSON(text);
    if (!json.ok) {
      const rawMessage = `Response body of ${op.method} ${op.path} is not JSON`;
      return err(new ResponseValidationError(rawMessage, { response, body: text, cause: json.error, rawValue: text, rawMessage }));
    }
    const checked = validate(op.response, json.value);
    if (checked.ok) return isPaged(op) ? ok(withLinks(checked.value as PagingInfo) as Res) : checked;
    const rawMessage = `Response body of ${op.method} ${op.path} does not match its schema`;
    return err(new ResponseValidationError(rawMessage, { response, body: text, cause: checked.cause, rawValue: json.value, rawMessage }));
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
