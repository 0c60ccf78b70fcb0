import * as v from "valibot";
import { DateTime, wire } from "./wire.js";

/** Details of the API key. */
export const ApiKeyDetails = /* @__PURE__ */ wire({
  /** Unique identifier for the API key. */
  id: v.optional(v.string()),
  /** A meaningful name assigned to the API key. */
  name: v.nullish(v.string()),
  /** The API key value used to make authenticated http requests: returned once, when the key is created. */
  apiKey: v.optional(v.string()),
  /** Datetime in UTC the API key was created. */
  createdDate: v.optional(DateTime),
});
export type ApiKeyDetails = v.InferOutput<typeof ApiKeyDetails>;

/** API keys. */
export const ApiKeys = /* @__PURE__ */ wire({
  /** The client's API keys, without their values. */
  results: v.optional(v.array(ApiKeyDetails)),
});
export type ApiKeys = v.InferOutput<typeof ApiKeys>;

/** Details about the newly created API key. */
export const CreateApiKey = /* @__PURE__ */ wire({
  /** A meaningful name assigned to the API key. */
  name: v.nullish(v.string()),
});
export type CreateApiKey = v.InferOutput<typeof CreateApiKey>;

/** The browser origins the Connections UI may call the API from. */
export const ConnectionManagementAllowedOrigins = /* @__PURE__ */ wire({
  /** An array of allowed origins (i.e. your domains) to permit cross-origin resource sharing (CORS). */
  allowedOrigins: v.optional(v.array(v.string())),
});
export type ConnectionManagementAllowedOrigins = v.InferOutput<typeof ConnectionManagementAllowedOrigins>;
