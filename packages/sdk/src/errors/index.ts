export { CodatPlatformError } from "./base.js";
export { ErrorMessage, SDKError } from "./http.js";
export { SDKValidationError, type ValidationIssue } from "./validation.js";
export {
  ConnectionError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "./transport.js";
