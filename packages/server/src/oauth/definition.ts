// How a platform authorizes over OAuth 2.0, as data: the built-in catalogue
// (catalogue/integrations.ts) and a tenant's own platforms (services/platform-apps.ts) are both
// values of this one type, so one code path serves every platform. Where a platform needs more
// than data, it names one of a small set of steps (`PostConnectStep`, `Revocation`,
// `CallbackCheck`) whose code lives in oauth/post-connect.ts, oauth/revocation.ts and
// oauth/callback-checks.ts.
//
// URLs may hold `{name}` placeholders, filled from the values the flow collected so far: start
// parameters (a Shopify shop), values kept from the callback (Zoho's `accounts-server`) or from
// the token response (Zoho's `api_domain`), or found by the post-connect step. Every value that
// can reach a URL is checked against its `pattern` first, so it cannot move a request to
// another host.

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthentication = "client_secret_basic" | "client_secret_post";

/** A value the connection keeps: where it comes from is the list it appears in. */
export interface KeptValue {
  /** The parameter or field name as the platform sends it. */
  name: string;
  /** Anchored regular expression the value must match; values that do not are refused. */
  pattern: string;
}

/** A value the person is asked for before the platform's consent screen (a Shopify shop). */
export interface StartParameter extends KeptValue {
  label: string;
  /** Example shown in the empty field. */
  placeholder: string;
  /** Turns what a person typed into the value ("my-shop" or "https://my-shop.myshopify.com/"
   * → "my-shop.myshopify.com"). */
  normalize?: "shopify-shop";
}

/** How a grant is revoked at the platform when its connection is unlinked or deleted. */
export type Revocation =
  /** RFC 7009 token revocation, of the refresh token when there is one, else the access token. */
  | { kind: "rfc7009"; url: string }
  /** Stripe Connect: POST client_id and stripe_user_id, authenticated with the secret key. */
  | { kind: "stripe-deauthorize"; url: string }
  /** Square: POST {client_id, access_token} as JSON with `Authorization: Client <secret>`. */
  | { kind: "square-revoke"; url: string }
  /** Shopify: the app uninstalls itself, `DELETE` with the shop's access token. */
  | { kind: "shopify-uninstall"; url: string }
  /** `DELETE` with the access token as a bearer token (TrueLayer's consent deletion). */
  | { kind: "bearer-delete"; url: string }
  /** The platform documents no way: the grant lapses when its tokens expire unused. */
  | { kind: "none" };

/** After the code exchange, finds the platform account the grant is for. */
export type PostConnectStep =
  /** Xero: GET `url` (the connections list) and keep the `tenantId` of the entry whose
   * `authEventId` equals the new access token's `authentication_event_id` claim. */
  | { kind: "xero-tenant"; url: string }
  /** GET `url` with the access token and keep the value at `path` (dot-separated, numbers
   * index arrays) under `name`. */
  | { kind: "lookup"; url: string; path: string; keep: KeptValue };

/** A check of the callback's parameters beyond `state`. */
export type CallbackCheck =
  /** Shopify signs the callback's query with the app secret (`hmac`, HMAC-SHA256). */
  "shopify-hmac";

export interface OAuthDefinition {
  /** The authorization server's issuer, where it has one: checked against RFC 9207's `iss`
   * callback parameter and an ID token's `iss`. Defaults to the authorize URL's origin. */
  issuer?: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocation: Revocation;
  /** Requested unless the tenant's credentials override them. */
  scopes: string[];
  scopeSeparator: " " | ",";
  /** Extra authorize-request parameters (Zoho's `access_type=offline`). */
  authorizeParameters: Record<string, string>;
  /** Extra token-request parameters (Shopify's `expiring=1`). */
  tokenParameters: Record<string, string>;
  /** Square's token endpoint takes JSON instead of a form. */
  tokenRequestFormat: "form" | "json";
  clientAuthentication: ClientAuthentication;
  /** PKCE S256 (RFC 7636) is sent where the platform supports it. */
  pkce: boolean;
  startParameters: StartParameter[];
  /** Callback query parameters the connection keeps (QuickBooks' `realmId`). One named like a
   * start parameter must repeat its value (Shopify's `shop`): the callback cannot change it. */
  callbackParameters: KeptValue[];
  /** Token-response fields the connection keeps (Stripe's `stripe_user_id`). */
  tokenResponseFields: KeptValue[];
  callbackCheck?: CallbackCheck;
  postConnect?: PostConnectStep;
  /** The kept value that names the platform account: a reconnect must bring the same one. */
  identity?: string;
  /** Where the platform's API lives, for calls made with the connection later. */
  apiBaseUrl: string;
  /** Headers API calls carry, templated from kept values (Xero's `xero-tenant-id`). */
  apiHeaders: Record<string, string>;
  /** The header API calls carry the access token in, as it is (Shopify's `x-shopify-access-token`);
   * absent: `Authorization: Bearer <token>`. */
  apiTokenHeader?: string;
  /** Refresh this long before the access token expires (default 300 s, at most half its life). */
  refreshMarginSeconds?: number;
  /** The access token's life when the token response has no `expires_in` (default 3600 s). */
  accessTokenLifetimeSeconds?: number;
  /** Refresh tokens die after this many days unused (Xero 60, QuickBooks 100, Sage 31): an idle
   * connection is refreshed at least every half of it (keep-alive). */
  refreshTokenIdleDays?: number;
  /** Where the facts of this definition come from (docs/platforms.md cites them too). */
  documentation?: string;
}

/** A definition with the defaults of what most platforms do filled in, so each says only how it differs. */
export function withDefaults(
  definition: Partial<OAuthDefinition> & Pick<OAuthDefinition, "authorizeUrl" | "tokenUrl" | "revocation" | "scopes" | "apiBaseUrl">,
): OAuthDefinition {
  return {
    scopeSeparator: " ",
    authorizeParameters: {},
    tokenParameters: {},
    tokenRequestFormat: "form",
    clientAuthentication: "client_secret_basic",
    pkce: false,
    startParameters: [],
    callbackParameters: [],
    tokenResponseFields: [],
    apiHeaders: {},
    ...definition,
  };
}

/** `{name}` placeholders of a template. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_.-]+)\}/g)].map((match) => match[1]!);
}

/** Fills `{name}` placeholders from `values`; undefined when one is missing. */
export function fillTemplate(template: string, values: Record<string, string>): string | undefined {
  let missing = false;
  const filled = template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : filled;
}
