// The request objects of the operations: path and query parameters plus the body, named as in
// the official clients so that code written for them compiles unchanged.
import * as v from "valibot";
import { CompanyRequestBody, CompanyUpdateRequest } from "./companies.js";
import { CreateConnectionRequestBody, UpdateConnectionStatus } from "./connections.js";
import { CustomPlatformRequest, SetPlatformCredentials } from "./platforms.js";
import { fields, wire } from "./wire.js";

/** A path segment: a non-empty string (an empty one would address a different resource). */
const segment = /* @__PURE__ */ v.pipe(v.string(), v.minLength(1, "must not be empty"));
const positiveInt = /* @__PURE__ */ v.pipe(v.number(), v.integer(), v.minValue(1));

/** The list query language: `page`, `pageSize` (1..5000), `query`, `orderBy`. */
const listQuery = {
  /** Page number, from 1 (default 1). */
  page: v.optional(positiveInt),
  /** Number of records to return in a page, 1 to 5000 (default 100). */
  pageSize: v.optional(v.pipe(positiveInt, v.maxValue(5000))),
  /** Codat query string, e.g. `status=Linked&&sourceType=Banking` or `name~acme`. */
  query: v.optional(v.string()),
  /** Field to order results by, e.g. `-modifiedDate`. */
  orderBy: v.optional(v.string()),
};

const company = {
  /** Unique identifier for a company. */
  companyId: segment,
};
const platform = {
  /** A unique 4-letter key to represent a platform in each integration (`gbol` is Xero). */
  platformKey: segment,
};
const connection = /* @__PURE__ */ fields(company, {
  /** Unique identifier for a connection. */
  connectionId: segment,
});

/** The company whose one-hour Connections SDK token to issue. */
export const GetConnectionManagementAccessTokenRequest = /* @__PURE__ */ wire(company);
export type GetConnectionManagementAccessTokenRequest = v.InferOutput<typeof GetConnectionManagementAccessTokenRequest>;

/** The company whose one-day access token to issue. */
export const GetCompanyAccessTokenRequest = /* @__PURE__ */ wire(company);
export type GetCompanyAccessTokenRequest = v.InferOutput<typeof GetCompanyAccessTokenRequest>;

/** Which companies to list: a page, a query, an order and tags. */
export const ListCompaniesRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(listQuery, {
    /** Filter by the company's tags, e.g. `region=uk && team=invoice-finance` (`=`, `!=`, `~`). */
    tags: v.optional(v.string()),
  }),
);
export type ListCompaniesRequest = v.InferOutput<typeof ListCompaniesRequest>;

/** The company to get. */
export const GetCompanyRequest = /* @__PURE__ */ wire(company);
export type GetCompanyRequest = v.InferOutput<typeof GetCompanyRequest>;

/** The company to delete. */
export const DeleteCompanyRequest = /* @__PURE__ */ wire(company);
export type DeleteCompanyRequest = v.InferOutput<typeof DeleteCompanyRequest>;

/** The company to replace, and its new name, description and tags. */
export const ReplaceCompanyRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(company, {
    /** The company's new name, description and tags: what is left out is cleared. */
    companyRequestBody: v.optional(CompanyRequestBody),
  }),
);
export type ReplaceCompanyRequest = Omit<v.InferOutput<typeof ReplaceCompanyRequest>, "companyRequestBody"> & {
  /** The company's new name, description and tags: what is left out is cleared. */
  companyRequestBody?: CompanyRequestBody | undefined;
};

/**
 * The company to update and what changes: `companyUpdateRequest` (the fields given change, as
 * 6.x sends it), or 4.x's `companyRequestBody` (which replaces the company, as 4.x's `update` did).
 */
export const UpdateCompanyRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(company, {
    /** The fields to change: name, description, tags. */
    companyUpdateRequest: v.optional(CompanyUpdateRequest),
    /** 4.x's update: the company's new name, description and tags (what is left out is cleared). */
    companyRequestBody: v.optional(CompanyRequestBody),
  }),
);
export type UpdateCompanyRequest = Omit<v.InferOutput<typeof UpdateCompanyRequest>, "companyRequestBody"> & {
  /**
   * The body of 4.x's `update`, which replaced the company: what is left out is cleared.
   * @deprecated Use `companyUpdateRequest` to change some fields, or `companies.replace` to replace the company.
   */
  companyRequestBody?: CompanyRequestBody | undefined;
};

/** The company whose connections to list, and which page. */
export const ListConnectionsRequest = /* @__PURE__ */ wire(/* @__PURE__ */ fields(company, listQuery));
export type ListConnectionsRequest = v.InferOutput<typeof ListConnectionsRequest>;

/** The company to connect, and to which platform. */
export const CreateConnectionRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(company, {
    /** The platform to connect: its `platformKey`. */
    requestBody: v.optional(CreateConnectionRequestBody),
  }),
);
export type CreateConnectionRequest = v.InferOutput<typeof CreateConnectionRequest>;

/** The connection to get. */
export const GetConnectionRequest = /* @__PURE__ */ wire(connection);
export type GetConnectionRequest = v.InferOutput<typeof GetConnectionRequest>;

/** The connection to delete. */
export const DeleteConnectionRequest = /* @__PURE__ */ wire(connection);
export type DeleteConnectionRequest = v.InferOutput<typeof DeleteConnectionRequest>;

/** The connection to unlink. */
export const UnlinkConnectionRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(connection, {
    /** The status to set: `{ status: "Unlinked" }`, which is also what is sent when this is left out. */
    updateConnectionStatus: v.optional(UpdateConnectionStatus),
  }),
);
export type UnlinkConnectionRequest = v.InferOutput<typeof UnlinkConnectionRequest>;

/** The connection whose credentials to update, and the credentials. */
export const UpdateConnectionAuthorizationRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(connection, {
    /** The platform's credential fields (a credential-based platform's username and password, ...). */
    requestBody: v.optional(v.record(v.string(), v.string())),
  }),
);
export type UpdateConnectionAuthorizationRequest = v.InferOutput<typeof UpdateConnectionAuthorizationRequest>;

/**
 * What a call through the connection proxy must name: the connection, and the path at its
 * platform's API. (The method, query, headers and body of a `ConnectionProxyRequest` are fetch's
 * to check.)
 */
export const ConnectionProxyTarget = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(connection, {
    /** The platform API's path, under its API base. */
    path: v.string(),
  }),
);
export type ConnectionProxyTarget = v.InferOutput<typeof ConnectionProxyTarget>;

/** Which integrations to list. */
export const ListIntegrationsRequest = /* @__PURE__ */ wire(listQuery);
export type ListIntegrationsRequest = v.InferOutput<typeof ListIntegrationsRequest>;

/** The integration to get. */
export const GetIntegrationRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationRequest = v.InferOutput<typeof GetIntegrationRequest>;

/** The integration whose branding to get. */
export const GetIntegrationsBrandingRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationsBrandingRequest = v.InferOutput<typeof GetIntegrationsBrandingRequest>;

// This server's extension of the contract: a platform's OAuth definition, the client's app
// credentials at it, and the client's own platforms.

/** The platform whose OAuth 2.0 definition to get. */
export const GetIntegrationDefinitionRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationDefinitionRequest = v.InferOutput<typeof GetIntegrationDefinitionRequest>;

/** The platform whose app credentials to get. */
export const GetIntegrationCredentialsRequest = /* @__PURE__ */ wire(platform);
export type GetIntegrationCredentialsRequest = v.InferOutput<typeof GetIntegrationCredentialsRequest>;

/** The platform, and the client's app credentials at it. */
export const SetIntegrationCredentialsRequest = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(platform, {
    /** The app's client id and secret, and optionally the scopes to request. */
    setPlatformCredentials: SetPlatformCredentials,
  }),
);
export type SetIntegrationCredentialsRequest = v.InferOutput<typeof SetIntegrationCredentialsRequest>;

/** The platform whose app credentials to delete. */
export const DeleteIntegrationCredentialsRequest = /* @__PURE__ */ wire(platform);
export type DeleteIntegrationCredentialsRequest = v.InferOutput<typeof DeleteIntegrationCredentialsRequest>;

/** A platform of the client's own, and how it authorizes. */
export const PutCustomIntegrationRequest = /* @__PURE__ */ wire({
  /** The 4-letter key (`[a-z]{4}`) of the client's own platform; not a built-in one. */
  platformKey: segment,
  /** The platform's name, source type and OAuth 2.0 endpoints. */
  customPlatformRequest: CustomPlatformRequest,
});
export type PutCustomIntegrationRequest = v.InferOutput<typeof PutCustomIntegrationRequest>;

/** The client's own platform to delete. */
export const DeleteCustomIntegrationRequest = /* @__PURE__ */ wire(platform);
export type DeleteCustomIntegrationRequest = v.InferOutput<typeof DeleteCustomIntegrationRequest>;

/** The API key to delete. */
export const DeleteApiKeyRequest = /* @__PURE__ */ wire({
  /** Unique identifier for the API key. */
  apiKeyId: segment,
});
export type DeleteApiKeyRequest = v.InferOutput<typeof DeleteApiKeyRequest>;

/** The webhook consumer to delete. */
export const DeleteWebhookConsumerRequest = /* @__PURE__ */ wire({
  /** Unique identifier for a webhook consumer. */
  webhookId: segment,
});
export type DeleteWebhookConsumerRequest = v.InferOutput<typeof DeleteWebhookConsumerRequest>;
