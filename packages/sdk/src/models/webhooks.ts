import * as v from "valibot";
import { CompanyDetails, CompanyReference } from "./companies.js";
import { Connection } from "./connections.js";
import { DateTime, Url, Uuid, wire } from "./wire.js";

const consumerFields = {
  url: v.optional(Url),
  disabled: v.nullish(v.boolean()),
  eventTypes: v.optional(v.array(v.string())),
  companyTags: v.nullish(v.array(v.string())),
  /** Only events of this company reach the consumer (an extension of the contract's filters). */
  companyId: v.nullish(Uuid),
};

export const WebhookConsumer = /* @__PURE__ */ wire({
  id: v.optional(Uuid),
  ...consumerFields,
  /** The `whsec_…` signing secret: present once, in the response that creates the consumer. */
  secret: v.optional(v.string()),
});
export type WebhookConsumer = v.InferOutput<typeof WebhookConsumer>;

export const WebhookConsumerPrototype = /* @__PURE__ */ wire(consumerFields);
export type WebhookConsumerPrototype = v.InferOutput<typeof WebhookConsumerPrototype>;

export const WebhookConsumers = /* @__PURE__ */ wire({ results: v.optional(v.array(WebhookConsumer)) });
export type WebhookConsumers = v.InferOutput<typeof WebhookConsumers>;

/** An event as delivered to a webhook consumer: a unique id, its type and time, and a payload. */
function event<P extends v.GenericSchema>(payload: P) {
  return wire({
    id: v.optional(v.string()),
    eventType: v.optional(v.string()),
    generatedDate: v.optional(DateTime),
    payload: v.optional(payload),
  });
}

export const CompanyWebhook = /* @__PURE__ */ event(CompanyDetails);
export type CompanyWebhook = v.InferOutput<typeof CompanyWebhook>;

export const ConnectionWebhookPayload = /* @__PURE__ */ wire({
  referenceCompany: v.optional(CompanyReference),
  connection: v.optional(Connection),
});
export type ConnectionWebhookPayload = v.InferOutput<typeof ConnectionWebhookPayload>;

export const ConnectionWebhook = /* @__PURE__ */ event(ConnectionWebhookPayload);
export type ConnectionWebhook = v.InferOutput<typeof ConnectionWebhook>;
