import * as v from "valibot";
import { Integer, wire } from "./wire.js";

/** The one-hour, single-company token for the Connections UI (`/connectionManagement/accessToken`). */
export const ConnectionManagementAccessToken = /* @__PURE__ */ wire({ accessToken: v.optional(v.string()) });
export type ConnectionManagementAccessToken = v.InferOutput<typeof ConnectionManagementAccessToken>;

/** The newer one-day company token (`/companies/{companyId}/accessToken`). */
export const CompanyAccessToken = /* @__PURE__ */ wire({
  expiresIn: Integer,
  accessToken: v.string(),
  tokenType: v.string(),
});
export type CompanyAccessToken = v.InferOutput<typeof CompanyAccessToken>;
