// The request objects of the operations: path and query parameters plus the body, named as in
// the reference SDK so that code written for it compiles unchanged.
import * as v from "valibot";
import { CompanyRequestBody, CompanyUpdateRequest } from "./companies.js";
import { CreateConnectionRequestBody, UpdateConnectionStatus } from "./connections.js";
import { CustomPlatformRequest, SetPlatformCredentials } from "./platforms.js";
import { wire } from "./wire.js";

/** A path segment: a non-empty string (an empty one would address a different resource). */
const segment = /* @__PURE__ */ v.pipe(v.string(), v.minLength(1, "must not be empty"));
const positiveInt = /* @__PURE__ */ v.pipe(v.number(), v.integer(), v.minValue(1));

/** The list query language: `page`, `pageSize` (1..5000), `query`, `orderBy`. */
const listQuery = {
  page: v.optional(positiveInt),
  pageSize: v.optional(v.pipe(positiveInt, v.maxValue(5000))),
  query: v.optional(v.string()),
  orderBy: v.optional(v.string()),
};

const company = { companyId: segment };
const platform = { platformKey: segment };
const connection = { companyId: segment, connectionId: segment };

export const GetConnectionManagementAccessTokenRequest = /* @__PURE__ */ wire(company);
export type GetConnectionManagementAccessTokenRequest = v.InferOutput<typeof GetConnectionManagementAccessTokenRequest>;

export const GetCompanyAccessTokenRequest = /* @__PURE__ */ wire(company);
export type GetCompanyAccessTokenRequest = v.InferOutput<typeof GetCompanyAccessTokenRequest>;

export const ListCompaniesRequest = /* @__PURE__ */ wire({ ...listQuery, tags: v.optional(v.string()) });
export type ListCompaniesRequest = v.InferOutput<typeof ListCompaniesRequest>;

export const GetCompanyRequest = /* @__PURE__ */ wire(company);
export type GetCompanyRequest = v.InferOutput<typeof GetCompanyRequest>;

export const DeleteCompanyRequest = /* @__PURE__ */ wire(company);
export type DeleteCompanyRequest = v.InferOutput<typeof DeleteCompanyRequest>;

export const ReplaceCompanyRequest = /* @__PURE__ */ wire({
  ...company,
  companyRequestBody: v.optional(CompanyRequestBody),
});
export type ReplaceCompanyRequest = v.InferOutput<typeof ReplaceCompanyRequest>;

export const UpdateCompanyRequest = /* @__PURE__ */ wire({
  ...company,
  companyUpdateRequest: v.optional(CompanyUpdateRequest),
});
export type UpdateCompanyRequest = v.InferOutput<typeof UpdateCompanyRequest>;

export const ListConnectionsRequest = /* @__PURE__ */ wire({ ...company, ...listQuery });
export type ListConnectionsRequest = v.InferOutput<typeof ListConnectionsRequest>;

export const CreateConnectionRequest = /* @__PURE__ */ wire({
  ...company,
  requestBody: v.optional(CreateConnectionRequestBody),
});
export type CreateConnectionRequest = v.InferOutput<typeof CreateConnectionRequest>;

export const GetConnectionRequest = /* @__PURE__ */ wire(connection);
export type GetConnectionRequest = v.InferOutput<typeof GetConnectionRequest>;

export const DeleteConnectionRequest = /* @__PURE__ */ wire(connection);
export type DeleteConnectionRequest = v.InferOutput<typeof DeleteConnectionRequest>;

export const UnlinkConnectionRequest = /* @__PURE__ */ wire({
  ...connection,
  updateConnectionStatus: v.optional(UpdateConnectionStatus),
});
export type UnlinkConnectionRequest = v.InferOutput<typeof UnlinkConnectionRequest>;

export const UpdateConnectionAuthorizationRequest = /* @__PURE__ */ wire({
  ...connection,
  requestBody: v.optional(v.record(v.string(), v.string())),
});
export type UpdateConnectionAuthorizationRequest = v.InferOutput<typeof UpdateConnectionAuthorizationRequest>;

export const ListIntegrationsRequest = /* @__PURE__ */ wire(listQuery);
export type ListIntegrationsRequest = v.InferOutput<typeof ListIntegrationsRequest>;

export const GetIntegrationRequest = /* @__PURE__ */ wire({ platformKey: segment });
export type GetIntegrationRequest = v.InferOutput<typeof GetIntegrationRequest>;

export const GetIntegrationsBrandingRequest = /* @__PURE__ */ wire({ platformKey: segment });
export type GetIntegrationsBrandingRequest = v.InferOutput<typeof GetIntegrationsBrandingRequest>;

// This server's extension of the contract: a platform's OAuth definition, the client's app
// credentials at it, and the client's own platforms.

export const GetIntegrationDefinitionRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationDefinitionRequest = v.InferOutput<typeof GetIntegrationDefinitionRequest>;

export const GetIntegrationCredentialsRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationCredentialsRequest = v.InferOutput<typeof GetIntegrationCredentialsRequest>;

export const SetIntegrationCredentialsRequest = /* @__PURE__ */ wire({
  ...platform,
  /** The app's client id and secret, and optionally the scopes to request. */
  setPlatformCredentials: SetPlatformCredentials,
});
export type SetIntegrationCredentialsRequest = v.InferOutput<typeof SetIntegrationCredentialsRequest>;

export const DeleteIntegrationCredentialsRequest = /* @__PURE__ */ wire(platform);
export type DeleteIntegrationCredentialsRequest = v.InferOutput<typeof DeleteIntegrationCredentialsRequest>;

export const PutCustomIntegrationRequest = /* @__PURE__ */ wire({
  /** The 4-letter key (`[a-z]{4}`) of the client's own platform; not a built-in one. */
  platformKey: segment,
  /** The platform's name, source type and OAuth 2.0 endpoints. */
  customPlatformRequest: CustomPlatformRequest,
});
export type PutCustomIntegrationRequest = v.InferOutput<typeof PutCustomIntegrationRequest>;

export const DeleteCustomIntegrationRequest = /* @__PURE__ */ wire(platform);
export type DeleteCustomIntegrationRequest = v.InferOutput<typeof DeleteCustomIntegrationRequest>;

export const DeleteApiKeyRequest = /* @__PURE__ */ wire({ apiKeyId: segment });
export type DeleteApiKeyRequest = v.InferOutput<typeof DeleteApiKeyRequest>;

export const DeleteWebhookConsumerRequest = /* @__PURE__ */ wire({ webhookId: segment });
export type DeleteWebhookConsumerRequest = v.InferOutput<typeof DeleteWebhookConsumerRequest>;
