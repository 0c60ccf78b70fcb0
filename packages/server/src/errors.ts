// The contract's ErrorMessage, the only shape a non-2xx answer ever has.
import type { ErrorMessageData } from "@codat/platform/models";

export type CanBeRetried = "Unknown" | "True" | "False";

export interface ValidationItem {
  itemId: string | null;
  message: string | null;
  validatorName: string | null;
}

/** Thrown by handlers and hooks; the error handler turns it into an ErrorMessage body. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly statusCode: number,
    message: string,
    readonly options: {
      canBeRetried?: CanBeRetried;
      validationErrors?: ValidationItem[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }
}

export const SERVICE_NAME = "PublicApi";

export const MESSAGES = {
  400: "Error processing request - not valid.",
  401: "Unauthorized",
  402: "An account limit has been exceeded.",
  403: "You are using an outdated API key or a key not associated with that resource.",
  404: "The resource you referenced could not be found.",
  429: "You have made too many requests in a given amount of time; please retry later.",
  500: "There is a problem with our server. Please try again later.",
  503: "The service is shutting down; please retry on another instance.",
} as const;

export function errorBody(
  statusCode: number,
  message: string,
  correlationId: string,
  options: { canBeRetried?: CanBeRetried; validationErrors?: ValidationItem[] } = {},
): ErrorMessageData {
  return {
    statusCode,
    service: SERVICE_NAME,
    error: message,
    correlationId,
    validation: options.validationErrors ? { errors: options.validationErrors, warnings: [] } : null,
    canBeRetried: options.canBeRetried ?? "Unknown",
    detailedErrorCode: 0,
  };
}

export const notFound = (message: string = MESSAGES[404]) => new ApiError(404, message);
export const badRequest = (message: string, validationErrors?: ValidationItem[]) =>
  new ApiError(400, message, validationErrors ? { validationErrors } : {});
