// The operations on integrations (the contract's, and this server's OAuth 2.0 extension), as data
// (see lib/operation.ts): the standalone functions and the resource class both run them through
// `invoke`.
import { operation, STANDARD_ERRORS, WITH_BAD_REQUEST } from "../lib/operation.js";
import { Branding, Integration, Integrations } from "../models/integrations.js";
import { OAuthDefinition, PlatformCredentials } from "../models/platforms.js";
import {
  DeleteCustomIntegrationRequest,
  DeleteIntegrationCredentialsRequest,
  GetIntegrationCredentialsRequest,
  GetIntegrationDefinitionRequest,
  GetIntegrationRequest,
  GetIntegrationsBrandingRequest,
  ListIntegrationsRequest,
  PutCustomIntegrationRequest,
  SetIntegrationCredentialsRequest,
} from "../models/requests.js";

/** Delete the app credentials at a platform: `DELETE /integrations/{platformKey}/credentials`. */
export const deleteIntegrationCredentials = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/integrations/{platformKey}/credentials",
  request: DeleteIntegrationCredentialsRequest,
  status: 204,
  errors: STANDARD_ERRORS,
});

/** Delete a platform of the client's own: `DELETE /integrations/{platformKey}`. */
export const deleteCustomIntegration = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/integrations/{platformKey}",
  request: DeleteCustomIntegrationRequest,
  status: 204,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
});

/** Get integration: `GET /integrations/{platformKey}`. */
export const getIntegration = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}",
  request: GetIntegrationRequest,
  response: Integration,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get branding: `GET /integrations/{platformKey}/branding`. */
export const getIntegrationsBranding = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/branding",
  request: GetIntegrationsBrandingRequest,
  response: Branding,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get the app credentials at a platform, without the secret: `GET /integrations/{platformKey}/credentials`. */
export const getIntegrationCredentials = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/credentials",
  request: GetIntegrationCredentialsRequest,
  response: PlatformCredentials,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get how a platform authorizes: `GET /integrations/{platformKey}/definition`. */
export const getIntegrationDefinition = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations/{platformKey}/definition",
  request: GetIntegrationDefinitionRequest,
  response: OAuthDefinition,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** List integrations: `GET /integrations`. */
export const listIntegrations = /* @__PURE__ */ operation({
  method: "GET",
  path: "/integrations",
  request: ListIntegrationsRequest,
  response: Integrations,
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy"],
  page: true,
});

/** Add or replace a platform of the client's own: `PUT /integrations/{platformKey}`. */
export const putCustomIntegration = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/integrations/{platformKey}",
  request: PutCustomIntegrationRequest,
  response: Integration,
  status: 200,
  errors: [401, 402, 403, 404, 429, 500, 503, 400, 409],
  body: "customPlatformRequest",
});

/** Set the app credentials at a platform: `PUT /integrations/{platformKey}/credentials`. */
export const setIntegrationCredentials = /* @__PURE__ */ operation({
  method: "PUT",
  path: "/integrations/{platformKey}/credentials",
  request: SetIntegrationCredentialsRequest,
  response: PlatformCredentials,
  status: 200,
  errors: WITH_BAD_REQUEST,
  body: "setPlatformCredentials",
});
