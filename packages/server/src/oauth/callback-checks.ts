// Checks of a callback beyond `state` that a platform asks for (oauth/definition.ts, `CallbackCheck`).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { CallbackCheck } from "./definition.js";

/**
 * Shopify signs its callback: `hmac` is the hex HMAC-SHA256, under the app's secret, of the
 * other query parameters sorted by name and joined as `name=value&...`.
 */
function shopifyHmacValid(query: URLSearchParams, secret: string): boolean {
  const received = query.get("hmac");
  if (!received || !/^[0-9a-f]{64}$/i.test(received)) return false;
  const message = [...query.entries()]
    .filter(([name]) => name !== "hmac" && name !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const expected = createHmac("sha256", secret).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(received, "hex"));
}

/** True when the callback passes the check. */
export function callbackCheckPasses(check: CallbackCheck, query: URLSearchParams, clientSecret: string): boolean {
  switch (check) {
    case "shopify-hmac":
      return shopifyHmacValid(query, clientSecret);
  }
}
