// Reads the company id out of the access token. The token is only decoded here, never
// verified: the server verifies it on every call, this just tells us which company's
// paths to ask for.

export interface TokenClaims {
  companyId: string;
}

/** Returns the claims, or undefined when the string is not a JWT with a `sub`. */
export function readToken(token: unknown): TokenClaims | undefined {
  if (typeof token !== "string") return undefined;
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== "object" || claims === null) return undefined;
    const sub = (claims as { sub?: unknown }).sub;
    return typeof sub === "string" && sub.length > 0 ? { companyId: sub } : undefined;
  } catch {
    return undefined;
  }
}
