// Response and request shapes of the resources: the SDK's models as JSON Schema (field names,
// types, nullability and required fields are the models'), plus, for request bodies only, what
// this server demands beyond those shapes (`requestRules` below).
import {
  ApiKeyDetails,
  ApiKeys,
  Branding,
  Companies,
  Company,
  CompanyAccessToken,
  CompanyDetails,
  CompanyRequestBody,
  CompanyUpdateRequest,
  Connection,
  ConnectionManagementAccessToken,
  ConnectionManagementAllowedOrigins,
  Connections,
  ConnectionStatus,
  CreateApiKey,
  Integration,
  Integrations,
  WebhookConsumer,
  WebhookConsumerPrototype,
} from "@codat/platform/models";
import { constrain, fromModel, type Schema } from "./from-model.js";

export const connectionStatus = fromModel(ConnectionStatus);
export const connection = fromModel(Connection);
export const connections = fromModel(Connections);

export const companyDetailsProperties = fromModel(CompanyDetails).properties as Record<string, Schema>;
export const company = fromModel(Company);
export const companies = fromModel(Companies);

export const companyAccessToken = fromModel(CompanyAccessToken);
export const connectionManagementAccessToken = fromModel(ConnectionManagementAccessToken);

export const allowedOrigins = fromModel(ConnectionManagementAllowedOrigins);
export const apiKeyDetails = fromModel(ApiKeyDetails);
export const apiKeys = fromModel(ApiKeys);

export const integration = fromModel(Integration);
export const integrations = fromModel(Integrations);
export const branding = fromModel(Branding);

/** A consumer as created: with its signing secret, which this one answer carries. */
export const createdWebhookConsumer = fromModel(WebhookConsumer);
const { secret: _secret, ...listedConsumerProperties } = createdWebhookConsumer.properties as Record<string, Schema>;
/** A consumer as listed: the schema has no secret field, so serialisation cannot write one. */
export const webhookConsumer = { ...createdWebhookConsumer, properties: listedConsumerProperties };

const companyRules = {
  properties: {
    name: { minLength: 1, maxLength: 300, pattern: "^[A-Za-z0-9\\s\\-',&@.,?!\\s]+$" },
    description: { maxLength: 4000 },
    tags: { maxProperties: 10, propertyNames: { pattern: "^.{1,27}$" }, additionalProperties: { maxLength: 100 } },
  },
};

/**
 * What this server demands of request bodies beyond the SDK's shapes, answering 400 otherwise:
 * sizes (bounded, so validating stays cheap), the company name's characters, the origins a CORS
 * update must list, a webhook consumer's URL and the `key:value` form of its company tags. It also takes a `null` API-key body as "no name". The SDK checks none of
 * this; the server is the authority on it.
 */
const requestRules = {
  companyRequestBody: companyRules,
  companyUpdateRequest: companyRules,
  allowedOriginsBody: {
    required: ["allowedOrigins"],
    properties: { allowedOrigins: { maxItems: 100, items: { maxLength: 2048 } } },
  },
  createApiKeyBody: { type: ["object", "null"], properties: { name: { maxLength: 50 } } },
  webhookConsumerPrototype: {
    required: ["url"],
    properties: {
      url: { minLength: 1, maxLength: 2048 },
      eventTypes: { maxItems: 50, items: { minLength: 1, maxLength: 128 } },
      companyTags: { maxItems: 10, items: { maxLength: 128, pattern: "^[^:]+:.*$" } },
    },
  },
};

export const companyRequestBody = constrain(fromModel(CompanyRequestBody), requestRules.companyRequestBody);
export const companyUpdateRequest = constrain(fromModel(CompanyUpdateRequest), requestRules.companyUpdateRequest);
export const allowedOriginsBody = constrain(fromModel(ConnectionManagementAllowedOrigins), requestRules.allowedOriginsBody);
export const createApiKeyBody = constrain(fromModel(CreateApiKey), requestRules.createApiKeyBody);
export const webhookConsumerPrototype = constrain(fromModel(WebhookConsumerPrototype), requestRules.webhookConsumerPrototype);
