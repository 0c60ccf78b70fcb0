// Which consumers an event goes to. Pure functions over the stored event body, so the rules
// are testable without a database.
import type { ConsumerRecord } from "./consumers.js";

export interface EventFacts {
  eventType: string;
  companyId: string;
  /** The company's tags as `key:value`, as they were when the event happened. */
  companyTags: Set<string>;
}

/** Facts used for matching, read from a CompanyWebhook / ConnectionWebhook body. */
export function eventFacts(row: { event_type: string; company_id: string; payload: string }): EventFacts {
  const body = JSON.parse(row.payload) as {
    payload?: { tags?: unknown; referenceCompany?: { tags?: unknown } };
  };
  const tags = body.payload?.tags ?? body.payload?.referenceCompany?.tags;
  const companyTags = new Set<string>();
  if (tags && typeof tags === "object") {
    for (const [key, value] of Object.entries(tags)) companyTags.add(`${key}:${String(value)}`);
  }
  return { eventType: row.event_type, companyId: row.company_id, companyTags };
}

/**
 * An enabled consumer of the event's client gets it when: it subscribes to the event type (an
 * empty list subscribes to all), its `companyId` (if any) is the event's company, its
 * `companyTags` (if any) include at least one tag of the company. The caller has already
 * restricted consumers to the event's client.
 */
export function consumerMatches(consumer: ConsumerRecord, event: EventFacts): boolean {
  if (consumer.disabled) return false;
  if (consumer.eventTypes.length > 0 && !consumer.eventTypes.includes(event.eventType)) return false;
  if (consumer.companyId !== null && consumer.companyId !== event.companyId) return false;
  if (consumer.companyTags !== null && consumer.companyTags.length > 0) {
    if (!consumer.companyTags.some((tag) => event.companyTags.has(tag))) return false;
  }
  return true;
}
