// Turns a failed call into what `onError` receives. Only transient failures are
// user-recoverable: a rejected token (401), a token for another company (403) or a
// malformed request will fail the same way on every retry.
import { ApiError } from "./api.js";
import type { ConnectionsError } from "./types.js";
import type { Text } from "./text.js";

const TRANSIENT = new Set([408, 409, 425, 429]);

export function toConnectionsError(error: unknown, text: Text): ConnectionsError {
  if (!(error instanceof ApiError)) {
    return { message: error instanceof Error ? error.message : text("error.generic"), userRecoverable: true };
  }
  if (error.status === undefined) return { message: text("error.network"), userRecoverable: true };
  const result: ConnectionsError = {
    message: error.message || text("error.generic"),
    errorCode: error.status,
    userRecoverable: error.status >= 500 || TRANSIENT.has(error.status),
  };
  if (error.correlationId) result.correlationId = error.correlationId;
  return result;
}

export function invalidTokenError(text: Text): ConnectionsError {
  return { message: text("error.invalidToken"), userRecoverable: false };
}
