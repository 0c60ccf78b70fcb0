// Verifies a webhook delivered by the Platform API, following the Standard Webhooks
// specification. Only Web Crypto (`crypto.subtle`) and `atob` are used, so the same code
// runs in Node 18+, browsers, Deno, Bun and edge runtimes.

/** A delivered event: `CompanyWebhook` or `ConnectionWebhook` of the contract. */
export interface WebhookEvent<TPayload = unknown> {
  /** Unique, stable across retries: use it to de-duplicate (delivery is at-least-once). */
  id: string;
  eventType: string;
  generatedDate: string;
  payload: TPayload;
}

export interface VerifyWebhookOptions {
  /** Largest accepted distance between `webhook-timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Current time in milliseconds since the epoch (default `Date.now()`); for tests. */
  now?: number;
}

/** Any header bag: a Fetch `Headers`, Node's `IncomingHttpHeaders`, or a plain object. */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = "whsec_";
const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Checks the `webhook-signature` of a delivery against the consumer's secret (the
 * `whsec_...` string returned once when the consumer was created) and returns the parsed
 * event. Throws `WebhookVerificationError` when a header is missing, the timestamp is
 * outside the tolerance, or no signature matches. Pass the raw body exactly as received.
 */
export async function verifyWebhook<TPayload = unknown>(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent<TPayload>> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  checkTimestamp(timestamp, options);

  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const expected = await hmacSha256(decodeSecret(secret), concat(encoder.encode(`${id}.${timestamp}.`), body));
  // The header may carry several space-separated signatures (e.g. during secret rotation).
  const matched = signatures.split(" ").some((entry) => {
    const [version, signature] = entry.split(",", 2);
    return version === "v1" && signature !== undefined && constantTimeEqual(decodeBase64(signature), expected);
  });
  if (!matched) throw new WebhookVerificationError("No matching webhook signature");

  const text = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  try {
    return JSON.parse(text) as WebhookEvent<TPayload>;
  } catch {
    throw new WebhookVerificationError("Webhook body is not JSON");
  }
}

function header(headers: WebhookHeaders, name: string): string {
  const raw = typeof headers.get === "function"
    ? (headers as { get(name: string): string | null }).get(name)
    : lookup(headers as Record<string, string | string[] | undefined>, name);
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) throw new WebhookVerificationError(`Missing ${name} header`);
  return value;
}

function lookup(headers: Record<string, string | string[] | undefined>, name: string): string | string[] | undefined {
  if (name in headers) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function checkTimestamp(timestamp: string, options: VerifyWebhookOptions): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("Invalid webhook-timestamp header");
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const sent = Number(timestamp);
  if (sent < nowSeconds - tolerance) throw new WebhookVerificationError("Webhook timestamp too old");
  if (sent > nowSeconds + tolerance) throw new WebhookVerificationError("Webhook timestamp too new");
}

function decodeSecret(secret: string): Uint8Array {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeBase64(encoded);
  if (key.length === 0) throw new WebhookVerificationError("Invalid webhook secret");
  return key;
}

function decodeBase64(value: string): Uint8Array {
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return new Uint8Array(0);
  }
}

async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, data as BufferSource));
}

/** Compares every byte whatever the first difference, so timing reveals nothing. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
