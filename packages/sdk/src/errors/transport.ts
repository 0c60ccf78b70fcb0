// Failures before a response arrives: the network, the clock, the caller. As in 6.x, they are
// not `CodatPlatformError`s (there is no response); `HTTPClientError` is their base.

/** The base class of the errors raised while making an HTTP call; `cause` is what was thrown. */
export class HTTPClientError extends Error {
  static {
    this.prototype.name = "HTTPClientError";
  }
  /** What the fetcher (or the runtime) threw. */
  declare readonly cause: unknown;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server could not be reached (refused, reset, DNS failure, ...). The message names the address and the system error. */
export class ConnectionError extends HTTPClientError {
  static {
    this.prototype.name = "ConnectionError";
  }
}

/** `timeoutMs` elapsed before the response arrived. */
export class RequestTimeoutError extends HTTPClientError {
  static {
    this.prototype.name = "RequestTimeoutError";
  }
}

/** The caller's `AbortSignal` fired; `cause` is its reason. */
export class RequestAbortedError extends HTTPClientError {
  static {
    this.prototype.name = "RequestAbortedError";
  }
}

/** The request could not be built (a malformed URL or header, ...). */
export class InvalidRequestError extends HTTPClientError {
  static {
    this.prototype.name = "InvalidRequestError";
  }
}

/** Anything else that went wrong inside the client. */
export class UnexpectedClientError extends HTTPClientError {
  static {
    this.prototype.name = "UnexpectedClientError";
  }
}
