// Turns a failed call into what `onError` receives and what the screen says. Only transient
// failures are user-recoverable: a rejected token (401), a token for another company (403), a
// malformed request or a page whose origin is not allowed will fail the same way on every retry.
import { ApiError, OriginNotAllowedError } from "./api.js";
import type { Text, TextKey } from "./text.js";
import type { ErrorCallbackArgs } from "./types.js";

/** What went wrong, as the screen explains it: each kind has its own headline and next step. */
export type FailureKind = "network" | "notConfigured" | "unauthorized" | "forbidden" | "invalidToken" | "other";

export interface Failure {
  kind: FailureKind;
  /** What `onError` receives. */
  reported: ErrorCallbackArgs;
}

const TRANSIENT = new Set([408, 409, 425, 429]);

export function toFailure(error: unknown, text: Text): Failure {
  if (error instanceof OriginNotAllowedError) {
    return { kind: "notConfigured", reported: { message: error.message, userRecoverable: false } };
  }
  if (!(error instanceof ApiError)) {
    return { kind: "other", reported: { message: error instanceof Error ? error.message : text("error.generic"), userRecoverable: true } };
  }
  if (error.status === undefined) return { kind: "network", reported: { message: text("error.network"), userRecoverable: true } };
  const reported: ErrorCallbackArgs = {
    message: error.message || text("error.generic"),
    errorCode: error.status,
    userRecoverable: error.status >= 500 || TRANSIENT.has(error.status),
  };
  if (error.correlationId) reported.correlationId = error.correlationId;
  const kind = error.status === 401 ? "unauthorized" : error.status === 403 ? "forbidden" : "other";
  return { kind, reported };
}

export function invalidTokenFailure(text: Text): Failure {
  return { kind: "invalidToken", reported: { message: text("error.invalidToken"), userRecoverable: false } };
}

/** Each failure's headline and next step on the screen. */
const COPY: Record<FailureKind, [headline: TextKey, hint: TextKey]> = {
  network: ["error.network", "error.networkHint"],
  notConfigured: ["error.notConfigured", "error.notConfiguredHint"],
  unauthorized: ["error.unauthorized", "main.unrecoverable"],
  forbidden: ["error.forbidden", "main.unrecoverable"],
  invalidToken: ["error.invalidToken", "main.unrecoverable"],
  other: ["error.generic", "main.unrecoverable"],
};

/** The screen's headline and next step for a failure. */
export function failureCopy({ kind, reported }: Failure): [headline: TextKey, hint: TextKey] {
  // Only a transient failure of no particular kind can be retried: "wait, then try again".
  return kind === "other" && reported.userRecoverable ? ["error.generic", "error.retryHint"] : COPY[kind];
}

/** The one line a developer needs when the page's origin is not allowed: which origin, which
 * call was refused, and the two ways to allow it. */
export function originNotAllowedAdvice(error: OriginNotAllowedError): string {
  const origin = error.pageOrigin;
  return (
    `Codat Connections: the browser refused ${error.request}: this page's origin ${origin} is not on your client's allowed origins. ` +
    `Allow it with your API key: platform.settings.setCorsSettings({ allowedOrigins: [...currentOrigins, "${origin}"] }) ` +
    `(it replaces the list), or on the server: npm run admin -- allow-origin ${origin}`
  );
}
