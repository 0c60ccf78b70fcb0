// The one shape every non-2xx answer must have: the contract's ErrorMessage, with this
// server's invariants (service name, a 32-hex correlation id echoed in the header).
import assert from "node:assert/strict";

const KEYS = ["canBeRetried", "correlationId", "detailedErrorCode", "error", "service", "statusCode", "validation"];
const RETRY_VALUES = new Set(["Unknown", "True", "False"]);

/** Why `text` (with `status` and the response's correlation header) is not an ErrorMessage; undefined when it is. */
export function errorMessageProblem(status: number, text: string, correlationHeader?: string | string[]): string | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return "body is not JSON";
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "body is not an object";
  const keys = Object.keys(body).sort();
  if (keys.join() !== KEYS.join()) return `keys ${keys.join(",")}`;
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)} on a ${status}`;
  if (body.service !== "PublicApi") return `service ${String(body.service)}`;
  if (typeof body.error !== "string" || body.error === "") return "no error text";
  if (!/^[0-9a-f]{32}$/.test(String(body.correlationId))) return `correlationId ${String(body.correlationId)}`;
  if (correlationHeader !== undefined && body.correlationId !== correlationHeader) return "correlationId differs from x-correlation-id";
  if (!RETRY_VALUES.has(String(body.canBeRetried))) return `canBeRetried ${String(body.canBeRetried)}`;
  if (body.detailedErrorCode !== 0) return `detailedErrorCode ${String(body.detailedErrorCode)}`;
  return undefined;
}

export function assertErrorMessage(status: number, text: string, correlationHeader?: string | string[], context = ""): void {
  const problem = errorMessageProblem(status, text, correlationHeader);
  assert.equal(problem, undefined, `${context} not an ErrorMessage (${problem}): ${text.slice(0, 300)}`);
}
