// Failures before a response arrives: the network, the clock, the caller.
import { CodatPlatformError } from "./base.js";

/** The server could not be reached (refused, reset, DNS failure, ...). */
export class ConnectionError extends CodatPlatformError {
  override name = "ConnectionError";
}

/** `timeoutMs` elapsed before the response arrived. */
export class RequestTimeoutError extends CodatPlatformError {
  override name = "RequestTimeoutError";
}

/** The caller's `AbortSignal` fired. */
export class RequestAbortedError extends CodatPlatformError {
  override name = "RequestAbortedError";
}

/** The request could not be built (bad URL, bad header, ...). */
export class InvalidRequestError extends CodatPlatformError {
  override name = "InvalidRequestError";
}

/** Anything else that went wrong inside the client. */
export class UnexpectedClientError extends CodatPlatformError {
  override name = "UnexpectedClientError";
}
