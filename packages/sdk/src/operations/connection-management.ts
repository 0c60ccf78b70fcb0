// The operations on Connections SDK's token and CORS settings (the old paths under
// `/connectionManagement`), as data (see lib/operation.ts): the standalone functions and the
// resource class both run them through `invoke`.
import { operation, STANDARD_ERRORS } from "../lib/operation.js";
import { GetConnectionManagementAccessTokenRequest } from "../models/requests.js";
import { ConnectionManagementAllowedOrigins } from "../models/settings.js";
import { ConnectionManagementAccessToken } from "../models/tokens.js";

/** Get CORS settings (old): `GET /connectionManagement/corsSettings`. */
export const getConnectionManagementCorsSettings = /* @__PURE__ */ operation({
  method: "GET",
  path: "/connectionManagement/corsSettings",
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Set CORS settings (old): `POST /connectionManagement/corsSettings`. */
export const setConnectionManagementCorsSettings = /* @__PURE__ */ operation({
  method: "POST",
  path: "/connectionManagement/corsSettings",
  request: ConnectionManagementAllowedOrigins,
  response: ConnectionManagementAllowedOrigins,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "request",
});

/** Get access token (old): `GET /companies/{companyId}/connectionManagement/accessToken`. */
export const getConnectionManagementAccessToken = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connectionManagement/accessToken",
  request: GetConnectionManagementAccessTokenRequest,
  response: ConnectionManagementAccessToken,
  status: 200,
  errors: STANDARD_ERRORS,
});
