export { CodatPlatformError, ErrorMessage, SDKError, type HTTPErrorMeta } from "./http.js";
export { ResponseValidationError, SDKValidationError, type ValidationIssue } from "./validation.js";
export {
  ConnectionError,
  HTTPClientError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "./transport.js";
