import * as v from "valibot";
import { DateTime, wire } from "./wire.js";

export const ApiKeyDetails = /* @__PURE__ */ wire({
  id: v.optional(v.string()),
  name: v.nullish(v.string()),
  apiKey: v.optional(v.string()),
  createdDate: v.optional(DateTime),
});
export type ApiKeyDetails = v.InferOutput<typeof ApiKeyDetails>;

export const ApiKeys = /* @__PURE__ */ wire({ results: v.optional(v.array(ApiKeyDetails)) });
export type ApiKeys = v.InferOutput<typeof ApiKeys>;

export const CreateApiKey = /* @__PURE__ */ wire({ name: v.nullish(v.string()) });
export type CreateApiKey = v.InferOutput<typeof CreateApiKey>;

/** The browser origins the Connections UI may call the API from. */
export const ConnectionManagementAllowedOrigins = /* @__PURE__ */ wire({
  allowedOrigins: v.optional(v.array(v.string())),
});
export type ConnectionManagementAllowedOrigins = v.InferOutput<typeof ConnectionManagementAllowedOrigins>;
