// Reads the company id and issuer out of the access token. The token is only decoded here,
// never verified: the server verifies it on every call, this just tells us which company's
// paths to ask for (and, for a copy of the module bundled into the host's own build, which
// server to ask: see `apiBaseUrl`).

export interface TokenClaims {
  companyId: string;
  /** The `iss` claim: the server's public URL. */
  issuer?: string;
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
    const { sub, iss } = claims as { sub?: unknown; iss?: unknown };
    if (typeof sub !== "string" || sub.length === 0) return undefined;
    return typeof iss === "string" ? { companyId: sub, issuer: iss } : { companyId: sub };
  } catch {
    return undefined;
  }
}
