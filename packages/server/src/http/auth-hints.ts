// The `error` text of a 401: what was wrong with the Authorization header's FORM, and the form
// that works (`Authorization: Basic base64(<api key>)`). Each text depends only on what the
// caller sent, never on what the server holds: an unknown key and a deleted key, of this client
// or another, get the same text, so the answer tells nothing about which keys exist.

/** The header an API key travels in. */
export const EXPECTED_API_KEY_HEADER = "Authorization: Basic base64(<api key>)";
const BEARER_FORM = "Authorization: Bearer <company access token>";

export type AuthProblem =
  /** No Authorization header at all. */
  | "missing"
  /** A value without a scheme: most often the raw API key. */
  | "no-scheme"
  /** A scheme this operation does not take (Token, Digest, ...). */
  | "other-scheme"
  /** `Bearer` where only an API key is accepted. */
  | "bearer-not-accepted"
  /** `Basic` followed by something that is not base64 of an API key (the raw key, say). */
  | "not-base64"
  /** `Basic base64(key:)`: the user-and-password form (curl -u) added a colon. */
  | "colon"
  /** The form is right; no such key (unknown, deleted, or of another server). */
  | "unknown-key"
  /** A bearer token that does not verify, has expired, or whose company is gone. */
  | "bad-token";

/** What each problem's 401 says; `bearer` when the operation also takes a company access token. */
export function unauthorizedText(problem: AuthProblem, bearer: boolean): string {
  const expected = bearer ? `"${EXPECTED_API_KEY_HEADER}", or a company access token as "${BEARER_FORM}"` : `"${EXPECTED_API_KEY_HEADER}"`;
  switch (problem) {
    case "missing":
      return `Unauthorized: no Authorization header. Send the API key as ${expected}.`;
    case "no-scheme":
      return `Unauthorized: the Authorization header has no scheme. Send ${expected}: the word Basic, a space, then the API key encoded in base64.`;
    case "other-scheme":
      return `Unauthorized: the Authorization header's scheme is not accepted here. Send ${expected}.`;
    case "bearer-not-accepted":
      return `Unauthorized: this operation takes an API key, not a bearer token. Send "${EXPECTED_API_KEY_HEADER}".`;
    case "not-base64":
      return `Unauthorized: what follows "Basic " is not an API key encoded in base64. Send "${EXPECTED_API_KEY_HEADER}", e.g. printf %s "$API_KEY" | base64.`;
    case "colon":
      return `Unauthorized: encode the API key alone, without a colon (a user:password pair, as curl -u sends it, is not an API key). Send "${EXPECTED_API_KEY_HEADER}".`;
    case "unknown-key":
      return `Unauthorized: the API key is not valid (unknown or deleted). Send a current key as "${EXPECTED_API_KEY_HEADER}".`;
    case "bad-token":
      return "Unauthorized: the bearer token is not valid or has expired. Ask the application's back end for a new company access token.";
  }
}

/** Characters an API key may hold: printable ASCII without spaces (generated keys are base64url). */
const KEY_TEXT = /^[\x21-\x7e]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The key encoded after `Basic `, or the problem with its form. Looks only at the text sent;
 * the key is then checked against the stored hashes in constant time (plugins/auth.ts).
 */
export function decodeApiKey(credentials: string, minLength: number, maxLength: number): { key: string } | { problem: AuthProblem } {
  if (!BASE64.test(credentials)) return { problem: "not-base64" };
  const key = Buffer.from(credentials, "base64").toString("utf8");
  if (!KEY_TEXT.test(key)) return { problem: "not-base64" };
  if (key.endsWith(":")) return { problem: "colon" };
  if (key.length < minLength || key.length > maxLength) return { problem: "unknown-key" };
  return { key };
}
