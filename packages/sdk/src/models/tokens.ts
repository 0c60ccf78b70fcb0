import * as v from "valibot";
import { Integer, wire } from "./wire.js";

/** The one-hour, single-company token for the Connections UI (`/connectionManagement/accessToken`). */
export const ConnectionManagementAccessToken = /* @__PURE__ */ wire({
  /** Access token that allows SMBs to manage connections that have access to their data. */
  accessToken: v.optional(v.string()),
});
export type ConnectionManagementAccessToken = v.InferOutput<typeof ConnectionManagementAccessToken>;

/** The newer one-day company token (`/companies/{companyId}/accessToken`). */
export const CompanyAccessToken = /* @__PURE__ */ wire({
  /** The number of seconds until the access token expires. */
  expiresIn: Integer,
  /** The access token for the company. */
  accessToken: v.string(),
  /** The type of token (`Bearer`). */
  tokenType: v.string(),
});
export type CompanyAccessToken = v.InferOutput<typeof CompanyAccessToken>;
