// Standard Webhooks signing (https://www.standardwebhooks.com): every delivery carries
// `webhook-id` (the event's stable id, the receiver's de-duplication key), `webhook-timestamp`
// (seconds, set per attempt so receivers can reject replays) and `webhook-signature`
// (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`). Secrets look like `whsec_<base64>`.
import { createHmac, randomBytes } from "node:crypto";

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

/** A fresh per-consumer signing secret, shown to the client once at creation. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** The HMAC key inside a `whsec_<base64>` secret. */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, "base64");
}

export interface SignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** Headers for one delivery attempt of `body` (the exact bytes that will be sent). */
export function signWebhook(
  key: Buffer,
  eventId: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SignatureHeaders {
  const timestamp = String(timestampSeconds);
  const digest = createHmac("sha256", key).update(`${eventId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": eventId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${digest}` };
}
