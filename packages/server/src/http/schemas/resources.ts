// Response and request shapes of the resources, after the contract's schemas.
import { dateTime, nullableDateTime, pageOf, uuid } from "./common.js";

const sourceType = { type: "string", enum: ["Accounting", "Banking", "BankFeed", "Commerce", "Expense", "Other", "Unknown"] } as const;
export const connectionStatus = { type: "string", enum: ["PendingAuth", "Linked", "Unlinked", "Deauthorized"] } as const;

const tags = {
  type: "object",
  maxProperties: 10,
  propertyNames: { pattern: "^.{1,27}$" },
  additionalProperties: { type: "string", maxLength: 100 },
} as const;

export const connection = {
  type: "object",
  required: ["id", "integrationId", "sourceId", "platformName", "linkUrl", "status", "created", "sourceType"],
  properties: {
    id: uuid,
    integrationId: uuid,
    integrationKey: { type: "string" },
    sourceId: uuid,
    sourceType,
    platformName: { type: "string" },
    linkUrl: { type: "string", format: "uri" },
    status: connectionStatus,
    lastSync: nullableDateTime,
    created: dateTime,
    dataConnectionErrors: {
      type: ["array", "null"],
      items: {
        type: "object",
        properties: {
          statusCode: { type: "string" },
          statusText: { type: "string" },
          errorMessage: { type: "string" },
          erroredOnUtc: dateTime,
          status: { type: ["string", "null"], enum: ["Active", "Resolved", null] },
          resolvedOnUtc: nullableDateTime,
        },
      },
    },
  },
} as const;

export const companyDetailsProperties = {
  id: uuid,
  name: { type: "string" },
  description: { type: "string" },
  redirect: { type: "string", format: "uri" },
  lastSync: nullableDateTime,
  created: dateTime,
  createdByUserName: { type: ["string", "null"] },
  products: { type: "array", items: { type: "string" } },
  tags: { type: "object", additionalProperties: { type: "string" } },
  referenceSubsidiaryCompanies: { type: "array", items: { type: "object" } },
} as const;

export const company = {
  type: "object",
  required: ["id", "name", "redirect"],
  properties: { ...companyDetailsProperties, dataConnections: { type: "array", items: connection } },
} as const;

export const companies = pageOf(company);
export const connections = pageOf(connection);

const companyName = { type: "string", minLength: 1, maxLength: 300, pattern: "^[A-Za-z0-9\\s\\-',&@.,?!\\s]+$" } as const;
const companyDescription = { type: "string", maxLength: 4000 } as const;

export const companyRequestBody = {
  type: "object",
  required: ["name"],
  properties: { name: companyName, description: companyDescription, tags },
} as const;

export const companyUpdateRequest = {
  type: "object",
  properties: { name: companyName, description: companyDescription, tags },
} as const;

export const companyAccessToken = {
  type: "object",
  required: ["expiresIn", "accessToken", "tokenType"],
  properties: { expiresIn: { type: "integer" }, accessToken: { type: "string" }, tokenType: { type: "string" } },
} as const;

export const connectionManagementAccessToken = {
  type: "object",
  properties: { accessToken: { type: "string" } },
} as const;

export const allowedOrigins = {
  type: "object",
  properties: { allowedOrigins: { type: "array", items: { type: "string" } } },
} as const;

export const allowedOriginsBody = {
  type: "object",
  required: ["allowedOrigins"],
  properties: { allowedOrigins: { type: "array", maxItems: 100, items: { type: "string", maxLength: 2048 } } },
} as const;

export const apiKeyDetails = {
  type: "object",
  properties: {
    id: { type: "string" },
    name: { type: ["string", "null"] },
    apiKey: { type: "string" },
    createdDate: dateTime,
  },
} as const;

export const apiKeys = { type: "object", properties: { results: { type: "array", items: apiKeyDetails } } } as const;

export const createApiKeyBody = {
  type: ["object", "null"],
  properties: { name: { type: ["string", "null"], maxLength: 50 } },
} as const;

export const integration = {
  type: "object",
  required: ["key", "logoUrl", "name", "enabled"],
  properties: {
    key: { type: "string" },
    logoUrl: { type: "string", format: "uri" },
    name: { type: "string" },
    enabled: { type: "boolean" },
    sourceId: uuid,
    sourceType,
    integrationId: uuid,
    isOfflineConnector: { type: "boolean" },
    isBeta: { type: "boolean" },
    dataProvidedBy: { type: "string" },
    datatypeFeatures: { type: "array", items: { type: "object" } },
  },
} as const;

export const integrations = pageOf(integration);

const image = {
  type: "object",
  properties: { image: { type: "object", properties: { src: { type: "string", format: "uri" }, alt: { type: "string" } } } },
} as const;

export const branding = {
  type: "object",
  properties: {
    logo: { type: "object", properties: { full: image, square: image } },
    button: { type: "object", properties: { default: image, hover: image } },
    sourceId: uuid,
  },
} as const;
