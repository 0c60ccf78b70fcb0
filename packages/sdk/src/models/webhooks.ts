import * as v from "valibot";
import { CompanyDetails, CompanyReference } from "./companies.js";
import { Connection } from "./connections.js";
import { DateTime, fields, Url, Uuid, wire } from "./wire.js";

const consumerFields = {
  /** The URL that will consume webhook events dispatched by Codat. */
  url: v.optional(Url),
  /** Flag that enables or disables the endpoint from receiving events. Disabled when set to `true`. */
  disabled: v.nullish(v.boolean()),
  /** An array of event types the webhook consumer subscribes to. */
  eventTypes: v.optional(v.array(v.string())),
  /**
   * Company tags provide an additional way to filter messages, independent of event types. Only
   * messages from companies with matching tags will be sent to this endpoint. Use the format
   * `tagKey:tagValue`.
   */
  companyTags: v.nullish(v.array(v.string())),
  /** Only events of this company reach the consumer (an extension of the contract's filters). */
  companyId: v.nullish(Uuid),
};

/**
 * A webhook consumer is an HTTP endpoint that developers can configure to subscribe to Codat's
 * supported event types.
 */
export const WebhookConsumer = /* @__PURE__ */ wire(
  /* @__PURE__ */ fields(
    /* @__PURE__ */ fields(
      {
        /** Unique identifier for the webhook consumer. */
        id: v.optional(Uuid),
      },
      consumerFields,
    ),
    {
      /** The `whsec_…` signing secret: present once, in the response that creates the consumer. */
      secret: v.optional(v.string()),
    },
  ),
);
export type WebhookConsumer = v.InferOutput<typeof WebhookConsumer>;

/** Create webhook consumer: where to deliver, and which events. */
export const WebhookConsumerPrototype = /* @__PURE__ */ wire(consumerFields);
export type WebhookConsumerPrototype = v.InferOutput<typeof WebhookConsumerPrototype>;

/** Webhook consumers. */
export const WebhookConsumers = /* @__PURE__ */ wire({
  /** The client's consumers, without their secrets. */
  results: v.optional(v.array(WebhookConsumer)),
});
export type WebhookConsumers = v.InferOutput<typeof WebhookConsumers>;

/** An event as delivered to a webhook consumer: a unique id, its type and time, and a payload. */
function event<P extends v.GenericSchema>(payload: P) {
  return wire({
    /** Unique identifier of the event. */
    id: v.optional(v.string()),
    /** The type of event. */
    eventType: v.optional(v.string()),
    /** The date time in UTC the event was generated in Codat. */
    generatedDate: v.optional(DateTime),
    /** What the event is about. */
    payload: v.optional(payload),
  });
}

/** Company webhook: a company was created or deleted. */
export const CompanyWebhook = /* @__PURE__ */ event(CompanyDetails);
export type CompanyWebhook = v.InferOutput<typeof CompanyWebhook>;

/** Connection webhook payload. */
export const ConnectionWebhookPayload = /* @__PURE__ */ wire({
  /** The company the connection belongs to. */
  referenceCompany: v.optional(CompanyReference),
  /** The connection as it is after the change. */
  connection: v.optional(Connection),
});
export type ConnectionWebhookPayload = v.InferOutput<typeof ConnectionWebhookPayload>;

/** Connection webhook: a connection was created, linked, failed, unlinked, reconnected or deleted. */
export const ConnectionWebhook = /* @__PURE__ */ event(ConnectionWebhookPayload);
export type ConnectionWebhook = v.InferOutput<typeof ConnectionWebhook>;
