// The operations on API keys and CORS settings, as data (see lib/operation.ts): the standalone
// functions and the resource class both run them through `invoke`.
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import { DeleteApiKeyRequest } from "../models/requests.js";
import { ApiKeyDetails, ApiKeys, ConnectionManagementAllowedOrigins, CreateApiKey } from "../models/settings.js";

/** Create API key: `POST /apiKeys`. */
export const createApiKey = /* @__PURE__ */ operation({
  method: "POST",
  path: "/apiKeys",
  request: CreateApiKey,
  response: ApiKeyDetails,
  status: 201,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
  body: "request",
});

/** Delete API key: `DELETE /apiKeys/{apiKeyId}`. */
export const deleteApiKey = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/apiKeys/{apiKeyId}",
  request: DeleteApiKeyRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/** Get CORS settings: `GET /corsSettings`. */
export const getCorsSettings = /* @__PURE__ */ operation({
  method: "GET",
  path: "/corsSettings",
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** List API keys: `GET /apiKeys`. */
export const listApiKeys = /* @__PURE__ */ operation({
  method: "GET",
  path: "/apiKeys",
  response: ApiKeys,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Set CORS settings: `POST /corsSettings`. */
export const setCorsSettings = /* @__PURE__ */ operation({
  method: "POST",
  path: "/corsSettings",
  request: ConnectionManagementAllowedOrigins,
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "request",
});
