// The server's extension of the contract for real OAuth 2.0 connections: how a platform
// authorizes (`OAuthDefinition`), a client's app at a platform (`PlatformCredentials`, set with
// `SetPlatformCredentials`), and a platform of the client's own (`CustomPlatformRequest`, the
// generic OAuth 2.0 platform). URLs of a definition are templates: `{name}` placeholders are
// filled from the values a connection collects (a Shopify shop, Zoho's `api_domain`), so they
// are plain strings here, not `Url`s.
import * as v from "valibot";
import { DateTime, Integer, Url, wire } from "./wire.js";

/** How the app authenticates at the token endpoint (RFC 6749 §2.3.1). */
export const ClientAuthentication = /* @__PURE__ */ v.picklist(["client_secret_basic", "client_secret_post"]);
export type ClientAuthentication = v.InferOutput<typeof ClientAuthentication>;

/** What joins the scopes in the authorize request: a space (RFC 6749), or a comma (Shopify, Zoho). */
export const ScopeSeparator = /* @__PURE__ */ v.picklist([" ", ","]);
export type ScopeSeparator = v.InferOutput<typeof ScopeSeparator>;

/**
 * How a grant is revoked when its connection is unlinked or deleted: RFC 7009, Stripe's
 * deauthorize, Square's revoke, Shopify's app uninstall, a `DELETE` with the access token
 * (TrueLayer), or not at all.
 */
export const RevocationKind = /* @__PURE__ */ v.picklist([
  "rfc7009",
  "stripe-deauthorize",
  "square-revoke",
  "shopify-uninstall",
  "bearer-delete",
  "none",
]);
export type RevocationKind = v.InferOutput<typeof RevocationKind>;

/** How the platform revokes a grant, and where. */
export const Revocation = /* @__PURE__ */ wire({
  /** The strategy. */
  kind: RevocationKind,
  /** The endpoint (a URL template); absent for `none`. */
  url: v.optional(v.string()),
});
export type Revocation = v.InferOutput<typeof Revocation>;

/** A value a connection keeps from its platform; where it comes from is the list it is in. */
export const KeptValue = /* @__PURE__ */ wire({
  /** The parameter or field name as the platform sends it (`realmId`, `stripe_user_id`). */
  name: v.string(),
  /** Anchored regular expression the value must match; a value that does not is refused. */
  pattern: v.string(),
});
export type KeptValue = v.InferOutput<typeof KeptValue>;

/** A value the person is asked for before the platform's consent page (a Shopify shop). */
export const StartParameter = /* @__PURE__ */ wire({
  /** The value's name, as used in URL templates. */
  name: v.string(),
  /** Anchored regular expression the value must match. */
  pattern: v.string(),
  /** The field's label on the page that asks for it. */
  label: v.string(),
  /** Example shown in the empty field. */
  placeholder: v.string(),
  /** How what the person typed is turned into the value (`shopify-shop`: "my-shop" → "my-shop.myshopify.com"). */
  normalize: v.optional(v.picklist(["shopify-shop"])),
});
export type StartParameter = v.InferOutput<typeof StartParameter>;

/** After the code exchange, finds the platform account the grant is for. */
export const PostConnectStep = /* @__PURE__ */ wire({
  /**
   * `xero-tenant`: keep the `tenantId` of the connection whose `authEventId` is the new access
   * token's `authentication_event_id`; `lookup`: keep the value at `path` of the answer.
   */
  kind: v.picklist(["xero-tenant", "lookup"]),
  /** The URL (template) called with the new access token. */
  url: v.string(),
  /** `lookup`: where the value is in the answer, dot-separated (numbers index arrays). */
  path: v.optional(v.string()),
  /** `lookup`: the name the value is kept under, and the pattern it must match. */
  keep: v.optional(KeptValue),
});
export type PostConnectStep = v.InferOutput<typeof PostConnectStep>;

/** How a platform authorizes over OAuth 2.0. `GET /integrations/{platformKey}/definition` */
export const OAuthDefinition = /* @__PURE__ */ wire({
  /** The authorization server's issuer, checked against RFC 9207's `iss` where there is one. */
  issuer: v.optional(v.string()),
  /** The consent page (a URL template). */
  authorizeUrl: v.string(),
  /** The token endpoint (a URL template). */
  tokenUrl: v.string(),
  /** How a grant is revoked at the platform. */
  revocation: Revocation,
  /** Scopes requested unless the client's credentials name their own. */
  scopes: v.array(v.string()),
  /** What joins the scopes in the authorize request. */
  scopeSeparator: ScopeSeparator,
  /** Extra authorize-request parameters (Zoho's `access_type=offline`). */
  authorizeParameters: v.record(v.string(), v.string()),
  /** Extra token-request parameters (Shopify's `expiring=1`). */
  tokenParameters: v.record(v.string(), v.string()),
  /** How the token request is sent: a form (RFC 6749), or JSON (Square). */
  tokenRequestFormat: v.picklist(["form", "json"]),
  /** How the app authenticates at the token endpoint. */
  clientAuthentication: ClientAuthentication,
  /** True when PKCE (S256, RFC 7636) is sent. */
  pkce: v.boolean(),
  /** Values asked of the person before the consent page. */
  startParameters: v.array(StartParameter),
  /** Callback parameters the connection keeps (QuickBooks' `realmId`). */
  callbackParameters: v.array(KeptValue),
  /** Token-response fields the connection keeps (Stripe's `stripe_user_id`). */
  tokenResponseFields: v.array(KeptValue),
  /** A check of the callback beyond `state` (`shopify-hmac`: the query is signed with the app secret). */
  callbackCheck: v.optional(v.picklist(["shopify-hmac"])),
  /** The step that finds the platform account after the code exchange. */
  postConnect: v.optional(PostConnectStep),
  /** The kept value naming the platform account: a reconnect must bring the same one. */
  identity: v.optional(v.string()),
  /** Where the platform's API lives (a URL template). */
  apiBaseUrl: v.string(),
  /** Headers the platform's API calls carry, templated from kept values (`xero-tenant-id`). */
  apiHeaders: v.record(v.string(), v.string()),
  /** The header API calls carry the access token in, as it is (Shopify's `x-shopify-access-token`); absent: `Authorization: Bearer`. */
  apiTokenHeader: v.optional(v.string()),
  /** Refresh this many seconds before the access token expires (default 300, at most half its life). */
  refreshMarginSeconds: v.optional(Integer),
  /** The access token's life in seconds when the token response has no `expires_in` (default 3600). */
  accessTokenLifetimeSeconds: v.optional(Integer),
  /** Refresh tokens die after this many days unused: idle connections are refreshed every half of it. */
  refreshTokenIdleDays: v.optional(Integer),
  /** The platform's documentation the definition follows. */
  documentation: v.optional(Url),
});
export type OAuthDefinition = v.InferOutput<typeof OAuthDefinition>;

/** The client's app at a platform as the API shows it: never the secret. */
export const PlatformCredentials = /* @__PURE__ */ wire({
  /** The platform's 4-letter key. */
  platformKey: v.string(),
  /** The app's client id at the platform. */
  clientId: v.string(),
  /** Always true: a secret is set (it is never returned). */
  clientSecretSet: v.boolean(),
  /** Scopes requested instead of the platform's defaults, or null for the defaults. */
  scopes: v.nullable(v.array(v.string())),
  /** The callback URL to register at the platform (`<PUBLIC_URL>/oauth/callback`). */
  redirectUri: Url,
  /** When the credentials were first set. */
  created: DateTime,
  /** When they were last replaced. */
  modified: DateTime,
});
export type PlatformCredentials = v.InferOutput<typeof PlatformCredentials>;

/** The body of `PUT /integrations/{platformKey}/credentials`. */
export const SetPlatformCredentials = /* @__PURE__ */ wire({
  /** The app's client id at the platform. */
  clientId: v.string(),
  /** The app's client secret: encrypted at rest, never returned. */
  clientSecret: v.string(),
  /** Scopes to request instead of the platform's defaults; null or absent for the defaults. */
  scopes: v.nullish(v.array(v.string())),
});
export type SetPlatformCredentials = v.InferOutput<typeof SetPlatformCredentials>;

/** A value a client's own platform keeps; without `pattern`, an id of up to 256 safe characters. */
export const KeptValueInput = /* @__PURE__ */ wire({
  /** The parameter or field name as the platform sends it. */
  name: v.string(),
  /** Anchored (`^...$`) regular expression the value must match. */
  pattern: v.optional(v.string()),
});
export type KeptValueInput = v.InferOutput<typeof KeptValueInput>;

/** A value asked of the person before the consent page of a client's own platform. */
export const StartParameterInput = /* @__PURE__ */ wire({
  /** The value's name, as used in URL templates. */
  name: v.string(),
  /** The field's label on the page that asks for it. */
  label: v.string(),
  /** Example shown in the empty field. */
  placeholder: v.optional(v.string()),
  /** Anchored regular expression the value must match; by default one DNS label. */
  pattern: v.optional(v.string()),
});
export type StartParameterInput = v.InferOutput<typeof StartParameterInput>;

/** The post-connect step of a client's own platform. */
export const PostConnectStepInput = /* @__PURE__ */ wire({
  /** `xero-tenant` or `lookup` (see `PostConnectStep`). */
  kind: v.picklist(["xero-tenant", "lookup"]),
  /** The URL (template) called with the new access token. */
  url: v.string(),
  /** `lookup`: where the value is in the answer, dot-separated. */
  path: v.optional(v.string()),
  /** `lookup`: the name the value is kept under. */
  keep: v.optional(KeptValueInput),
});
export type PostConnectStepInput = v.InferOutput<typeof PostConnectStepInput>;

/** How a client's own platform authorizes; what is left out takes the default named. */
export const CustomPlatformOAuth = /* @__PURE__ */ wire({
  /** The authorization server's issuer; defaults to the authorize URL's origin. */
  issuer: v.optional(v.string()),
  /** The consent page (a URL template: placeholders from start parameters only). */
  authorizeUrl: v.string(),
  /** The token endpoint (a URL template). */
  tokenUrl: v.string(),
  /** An RFC 7009 revocation endpoint; without one, grants are not revoked. */
  revocationUrl: v.optional(v.string()),
  /** Where the platform's API lives (a URL template). */
  apiBaseUrl: v.string(),
  /** Scopes requested by default (none when absent). */
  scopes: v.optional(v.array(v.string())),
  /** What joins the scopes (default a space). */
  scopeSeparator: v.optional(ScopeSeparator),
  /** Extra authorize-request parameters. */
  authorizeParameters: v.optional(v.record(v.string(), v.string())),
  /** Extra token-request parameters. */
  tokenParameters: v.optional(v.record(v.string(), v.string())),
  /** How the app authenticates at the token endpoint (default `client_secret_basic`). */
  clientAuthentication: v.optional(ClientAuthentication),
  /** Send PKCE S256 (default true). */
  pkce: v.optional(v.boolean()),
  /** Values asked of the person before the consent page. */
  startParameters: v.optional(v.array(StartParameterInput)),
  /** Callback parameters the connection keeps. */
  callbackParameters: v.optional(v.array(KeptValueInput)),
  /** Token-response fields the connection keeps. */
  tokenResponseFields: v.optional(v.array(KeptValueInput)),
  /** The step that finds the platform account after the code exchange. */
  postConnect: v.optional(PostConnectStepInput),
  /** The kept value naming the platform account: a reconnect must bring the same one. */
  identity: v.optional(v.string()),
  /** Headers the platform's API calls carry, templated from kept values. */
  apiHeaders: v.optional(v.record(v.string(), v.string())),
  /** The header API calls carry the access token in, as it is; absent: `Authorization: Bearer`. */
  apiTokenHeader: v.optional(v.string()),
  /** Refresh this many seconds before the access token expires (default 300, at most half its life). */
  refreshMarginSeconds: v.optional(Integer),
  /** The access token's life in seconds when the token response has no `expires_in` (default 3600). */
  accessTokenLifetimeSeconds: v.optional(Integer),
  /** Refresh tokens die after this many days unused: idle connections are refreshed every half of it. */
  refreshTokenIdleDays: v.optional(Integer),
});
export type CustomPlatformOAuth = v.InferOutput<typeof CustomPlatformOAuth>;

/** The kinds of data a client's own platform may provide. */
export const CustomPlatformSourceType = /* @__PURE__ */ v.picklist(["Accounting", "Banking", "Commerce"]);
export type CustomPlatformSourceType = v.InferOutput<typeof CustomPlatformSourceType>;

/** The body of `PUT /integrations/{platformKey}`: a generic OAuth 2.0 platform of the client's own. */
export const CustomPlatformRequest = /* @__PURE__ */ wire({
  /** The platform's name as people see it. */
  name: v.string(),
  /** The kind of data it provides (default `Accounting`). */
  sourceType: v.optional(CustomPlatformSourceType),
  /** How it authorizes. */
  oauth: CustomPlatformOAuth,
});
export type CustomPlatformRequest = v.InferOutput<typeof CustomPlatformRequest>;
