// Turns a response into the operation's value or into the error its status calls for.
import { ErrorMessage, SDKError } from "../errors/http.js";
import { SDKValidationError } from "../errors/validation.js";
import { ErrorMessageData } from "../models/errors.js";
import type { Operation } from "./operation.js";
import { err, ok, type Result } from "./result.js";
import { validate } from "./validate.js";

/** What an operation can fail with once a response arrived. */
export type ResponseFailure = ErrorMessage | SDKError | SDKValidationError;

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
      const reason = json.error instanceof Error ? json.error.message : String(json.error);
      const message = `Response body of ${op.method} ${op.path} is not JSON: ${reason}`;
      return err(new SDKValidationError(message, text, [{ path: "", message: reason }], { cause: json.error }));
    }
    return validate(op.response, json.value, `Unexpected response body of ${op.method} ${op.path}`);
  }

  const contentType = response.headers.get("content-type") ?? "";
  if (op.errors.includes(status) && JSON_TYPE.test(contentType)) {
    const json = parseJSON(text);
    const data = json.ok && json.value !== null && typeof json.value === "object"
      ? validate(ErrorMessageData, json.value, "Unexpected error body")
      : undefined;
    if (data?.ok) return err(new ErrorMessage(data.value, response, text));
    return err(new SDKError("", response, text, { cause: data?.error ?? (json.ok ? undefined : json.error) }));
  }
  return err(new SDKError("", response, text));
}
