import type { ErrorMessageData, ErrorValidation } from "../models/errors.js";
import { CodatPlatformError } from "./base.js";

function describe(status: number, detail: string): string {
  return detail ? `API error occurred: ${status}: ${detail}` : `API error occurred: ${status}`;
}

/**
 * An error status the operation does not document, or an error body that is not the
 * contract's JSON (an HTML page from a proxy, for example).
 */
export class SDKError extends CodatPlatformError {
  override name = "SDKError";
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
  readonly rawResponse: Response;

  constructor(message: string, rawResponse: Response, body = "", options?: { cause?: unknown }) {
    super(message || describe(rawResponse.status, body.slice(0, 200)), options);
    this.statusCode = rawResponse.status;
    this.contentType = rawResponse.headers.get("content-type") ?? "";
    this.body = body;
    this.rawResponse = rawResponse;
  }
}

/** A documented error status (401, 402, 403, 404, 429, 500, 503, ...) with its JSON body. */
export class ErrorMessage extends CodatPlatformError implements ErrorMessageData {
  override name = "ErrorMessage";
  /** The HTTP status of the response. */
  readonly statusCode: number;
  readonly service?: string;
  readonly error?: string;
  readonly correlationId?: string;
  readonly validation?: ErrorValidation | null;
  readonly canBeRetried?: string;
  readonly detailedErrorCode?: number;
  /** The parsed body, as the server sent it. */
  readonly data$: ErrorMessageData;
  readonly body: string;
  readonly rawResponse: Response;

  constructor(data: ErrorMessageData, rawResponse: Response, body: string) {
    super(describe(rawResponse.status, data.error ?? ""));
    this.data$ = data;
    this.statusCode = rawResponse.status;
    this.service = data.service;
    this.error = data.error;
    this.correlationId = data.correlationId;
    this.validation = data.validation;
    this.canBeRetried = data.canBeRetried;
    this.detailedErrorCode = data.detailedErrorCode;
    this.body = body;
    this.rawResponse = rawResponse;
  }
}
