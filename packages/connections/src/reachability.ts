// Tells "the server is down" from "the browser refused the server's answer". From a page, both
// are the same TypeError out of `fetch`: the browser hides why a cross-origin call failed. A
// `no-cors` request is never refused for CORS (its answer is opaque: unreadable, but it
// arrives), so it only fails when the server cannot be reached at all.

/** Whether the server at `baseUrl` answers a request that CORS cannot refuse. */
export async function serverAnswers(baseUrl: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { mode: "no-cors", credentials: "omit", cache: "no-store", signal });
    return response.type === "opaque" || response.ok;
  } catch {
    return false;
  }
}

/** Whether a call from this page to `baseUrl` is cross-origin, i.e. subject to CORS. */
export function isCrossOrigin(baseUrl: string): boolean {
  return new URL(baseUrl).origin !== location.origin;
}
