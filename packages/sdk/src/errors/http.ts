// Errors for a response that arrived with an error status, or whose body is not what the
// operation documents. The class names and fields are those of both official clients: 6.x's
// `CodatPlatformError` base (`statusCode`, `body`, `headers`, `contentType`, `rawResponse`),
// `ErrorMessage` (the contract's error body as properties and as `data$`) and `SDKError`, which
// 4.x code reads the same way.
import type { ErrorMessageData, ErrorValidation } from "../models/errors.js";
import { defineHidden } from "./hidden.js";
import { oneLine } from "./one-line.js";

/** What an HTTP error keeps of its exchange. */
export interface HTTPErrorMeta {
  /** The response, its body already read. */
  response: Response;
  /** The request, when one was built (the client sends most calls without a `Request` object). */
  request?: Request | undefined;
  /** The response body as text (`""` when empty). */
  body: string;
}

/** `404 Not Found` (or just `404` when the response carries no status text). */
export function statusLine(response: Response): string {
  return response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
}

/** `API error 404 Not Found: <the API's error text> (correlationId …)`, on one line. */
function apiError(response: Response, data: { error?: unknown; correlationId?: unknown }): string {
  const text = typeof data.error === "string" && data.error ? `: ${oneLine(data.error)}` : "";
  const id = typeof data.correlationId === "string" && data.correlationId ? ` (correlationId ${data.correlationId})` : "";
  return `API error ${statusLine(response)}${text}${id}`;
}

/**
 * What an unexpected error body says, on one line: the API's `error` text and `correlationId`
 * when it is the API's JSON, else the content type and the start of the body.
 */
function describeBody({ response, body }: HTTPErrorMeta): string {
  const type = response.headers.get("content-type") ?? "";
  try {
    const data = /json/i.test(type) ? (JSON.parse(body) as { error?: unknown } | null) : undefined;
    if (typeof data?.error === "string") return apiError(response, data);
  } catch {
    // Not JSON after all: described as text below.
  }
  return `API error ${statusLine(response)}${type ? ` (${type})` : ""}${body ? `: ${oneLine(body, 200)}` : ""}`;
}

/**
 * The base class of every error for an HTTP error response (and of `ResponseValidationError`,
 * for a success response whose body breaks its schema): the response's status, headers and body.
 * `body`, `headers` and `rawResponse` are not enumerable, so logging the error does not dump them.
 */
export class CodatPlatformError extends Error {
  static {
    this.prototype.name = "CodatPlatformError";
  }
  /** The HTTP status code of the response, e.g. `404`. */
  readonly statusCode: number;
  /** The response's `Content-Type` (`""` when it has none). */
  readonly contentType: string;
  /** The response body as text; `""` when the response had none. */
  declare readonly body: string;
  /** The response headers. */
  declare readonly headers: Headers;
  /** The response itself; its body has already been read into `body`. */
  declare readonly rawResponse: Response;

  constructor(message: string, httpMeta: HTTPErrorMeta, options?: { cause?: unknown }) {
    super(message, options);
    const { response } = httpMeta;
    this.statusCode = response.status;
    this.contentType = response.headers.get("content-type") ?? "";
    defineHidden(this, { body: httpMeta.body, headers: response.headers, rawResponse: response });
  }
}

/**
 * An error status the operation does not document, or an error body that is not the contract's
 * JSON (an HTML page from a proxy, for example).
 */
export class SDKError extends CodatPlatformError {
  static {
    this.prototype.name = "SDKError";
  }

  /**
   * `message` may be empty: the status, content type and the start of the body make it.
   * (The 4.x form `new SDKError(message, rawResponse, body)` is accepted too.)
   */
  constructor(message: string, httpMeta: HTTPErrorMeta | Response, body?: string, options?: { cause?: unknown }) {
    const meta = httpMeta instanceof Response ? { response: httpMeta, body: body ?? "" } : httpMeta;
    super(message || describeBody(meta), meta, options);
  }
}

/**
 * A documented error status (400, 401, 402, 403, 404, 409, 429, 500, 503, ...) with the
 * contract's JSON error body, whose fields are also properties of the error. The message is one
 * line: the status, the server's `error` text and the `correlationId` support asks for.
 */
export class ErrorMessage extends CodatPlatformError implements ErrorMessageData {
  static {
    this.prototype.name = "ErrorMessage";
  }
  /** Codat's service that returned the error. */
  declare readonly service?: string;
  /** A brief description of the error. */
  declare readonly error?: string;
  /** Unique identifier used to propagate to all downstream services and determine the source of the error. */
  declare readonly correlationId?: string;
  /** A human-readable object describing validation decisions Codat has made; why a request was refused. */
  declare readonly validation?: ErrorValidation | null;
  /** `True` if the error occurred transiently and can be retried. */
  declare readonly canBeRetried?: string;
  /** Machine readable error code used to automate processes based on the code returned. */
  declare readonly detailedErrorCode?: number;
  /** The error body as the server sent it, parsed. */
  declare readonly data$: ErrorMessageData;

  /**
   * `httpMeta` is the response the body came with. Without one (the 4.x form `new
   * ErrorMessage(data)`), a response is made up from `data.statusCode`.
   */
  constructor(data: ErrorMessageData, httpMeta?: HTTPErrorMeta) {
    const meta = httpMeta ?? { response: new Response(null, { status: validStatus(data.statusCode) }), body: JSON.stringify(data) };
    super(apiError(meta.response, data), meta);
    // As 6.x: a field is set only when the body has it (`null` included in "has not").
    for (const field of ERROR_FIELDS) if (data[field] != null) (this as Record<string, unknown>)[field] = data[field];
    defineHidden(this, { data$: data });
  }
}

/** The error body's fields an `ErrorMessage` also carries as its own properties. */
const ERROR_FIELDS = ["service", "error", "correlationId", "validation", "canBeRetried", "detailedErrorCode"] as const;

/** A status a `Response` can be made with (200-599), for errors made without one. */
function validStatus(status: number | undefined): number {
  return status !== undefined && Number.isInteger(status) && status >= 200 && status <= 599 ? status : 500;
}
