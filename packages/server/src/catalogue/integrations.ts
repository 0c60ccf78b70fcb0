// The built-in integrations catalogue: the accounting and commerce platforms this server
// connects over OAuth 2.0 (each described as data, see oauth/definition.ts and
// docs/platforms.md), plus a sandbox that links with fixed credentials. Logos are self-made SVG lettermarks
// served by this server (no third-party artwork). Ids are fixed so they stay stable across
// restarts and nodes.
import { withDefaults as oauth, type OAuthDefinition } from "../oauth/definition.js";

export type CatalogueSourceType = "Accounting" | "Banking" | "Commerce";

export interface CatalogueEntry {
  key: string;
  name: string;
  sourceType: CatalogueSourceType;
  integrationId: string;
  sourceId: string;
  /** Letters and colour of the lettermark logo. */
  monogram: string;
  colour: string;
  isBeta: boolean;
  dataProvidedBy: string;
  /** How the platform authorizes; absent for the sandbox, which links with fixed credentials. */
  oauth?: OAuthDefinition;
  /** Fields the sandbox's authorization body must carry (non-empty) for it to link. */
  authorizationFields?: readonly string[];
}

export const SANDBOX_KEY = "mqjo";

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    key: SANDBOX_KEY,
    name: "Sandbox",
    sourceType: "Accounting",
    integrationId: "4f6b2f36-3b2e-4b8c-9d0a-5a1e4f2c7b01",
    sourceId: "7a1c9e52-8d3f-4e6a-b2c4-1f0e9d8c7b02",
    monogram: "SB",
    colour: "#5b21b6",
    authorizationFields: ["username", "password"],
    isBeta: false,
    dataProvidedBy: "Platform sandbox",
  },
  {
    key: "gbol",
    name: "Xero",
    sourceType: "Accounting",
    integrationId: "8e3a1f4c-2b7d-4c9e-a5f0-6d1b3e8c9a03",
    sourceId: "2c5e8a1d-4f7b-4e3c-9a6d-0b1f2e3d4c04",
    monogram: "X",
    colour: "#0e7490",
    isBeta: false,
    dataProvidedBy: "Xero",
    oauth: oauth({
      issuer: "https://identity.xero.com",
      authorizeUrl: "https://login.xero.com/identity/connect/authorize",
      tokenUrl: "https://identity.xero.com/connect/token",
      revocation: { kind: "rfc7009", url: "https://identity.xero.com/connect/revocation" },
      scopes: ["offline_access", "accounting.transactions.read", "accounting.contacts.read", "accounting.settings.read"],
      pkce: true,
      postConnect: { kind: "xero-tenant", url: "https://api.xero.com/connections" },
      identity: "tenantId",
      refreshTokenIdleDays: 60,
      apiBaseUrl: "https://api.xero.com",
      apiHeaders: { "xero-tenant-id": "{tenantId}" },
      documentation: "https://developer.xero.com/documentation/guides/oauth2/auth-flow",
    }),
  },
  {
    key: "qhyg",
    name: "QuickBooks Online",
    sourceType: "Accounting",
    integrationId: "1b9d6e3f-7a2c-4d8e-b0f5-3c6a9e2d1f05",
    sourceId: "9f2e7c4a-1d6b-4a3e-8c5f-7e0d2b1a3c06",
    monogram: "QB",
    colour: "#15803d",
    isBeta: false,
    dataProvidedBy: "QuickBooks Online",
    oauth: oauth({
      issuer: "https://oauth.platform.intuit.com/op/v1",
      authorizeUrl: "https://appcenter.intuit.com/connect/oauth2",
      tokenUrl: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
      revocation: { kind: "rfc7009", url: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke" },
      scopes: ["com.intuit.quickbooks.accounting"],
      callbackParameters: [{ name: "realmId", pattern: "^[0-9]{1,32}$" }],
      identity: "realmId",
      refreshTokenIdleDays: 100,
      apiBaseUrl: "https://quickbooks.api.intuit.com/v3/company/{realmId}",
      documentation: "https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0",
    }),
  },
  {
    key: "tgff",
    name: "Sage Business Cloud Accounting",
    sourceType: "Accounting",
    integrationId: "3d7f1a9c-5e2b-4c8d-a6f0-4b9e2d7c1a13",
    sourceId: "5b2e8d4f-9a1c-4e7b-8d3a-6f0c1e9b2d14",
    monogram: "SA",
    colour: "#047857",
    isBeta: false,
    dataProvidedBy: "Sage",
    oauth: oauth({
      authorizeUrl: "https://www.sageone.com/oauth2/auth/central?filter=apiv3.1",
      tokenUrl: "https://oauth.accounting.sage.com/token",
      revocation: { kind: "rfc7009", url: "https://oauth.accounting.sage.com/revoke" },
      scopes: ["readonly"],
      clientAuthentication: "client_secret_post",
      postConnect: { kind: "lookup", url: "https://api.accounting.sage.com/v3.1/business", path: "id", keep: { name: "businessId", pattern: "^[A-Za-z0-9_-]{1,64}$" } },
      identity: "businessId",
      // Access tokens live 5 minutes; refresh tokens 31 days unused.
      refreshMarginSeconds: 60,
      refreshTokenIdleDays: 31,
      apiBaseUrl: "https://api.accounting.sage.com/v3.1",
      apiHeaders: { "x-business": "{businessId}" },
      documentation: "https://developer.sage.com/accounting/guides/authenticating/authentication/",
    }),
  },
  {
    key: "fbrh",
    name: "FreeAgent",
    sourceType: "Accounting",
    integrationId: "6e1c9b3a-2d8f-4a5e-b7c1-8d3f0a6e2b15",
    sourceId: "0c8a4e2d-7b5f-4d1a-9e6c-3a2b8f1d7e16",
    monogram: "FA",
    colour: "#0369a1",
    isBeta: false,
    dataProvidedBy: "FreeAgent",
    oauth: oauth({
      authorizeUrl: "https://api.freeagent.com/v2/approve_app",
      tokenUrl: "https://api.freeagent.com/v2/token_endpoint",
      revocation: { kind: "none" },
      scopes: [],
      postConnect: { kind: "lookup", url: "https://api.freeagent.com/v2/company", path: "company.url", keep: { name: "companyUrl", pattern: "^https://api(\\.sandbox)?\\.freeagent\\.com/v2/company(/[0-9]+)?$" } },
      identity: "companyUrl",
      apiBaseUrl: "https://api.freeagent.com/v2",
      documentation: "https://dev.freeagent.com/docs/oauth",
    }),
  },
  {
    key: "rwuv",
    name: "Zoho Books",
    sourceType: "Accounting",
    integrationId: "9a4d2f7e-1c6b-4e3a-8f5d-2e7b0c9a4d17",
    sourceId: "4f1b7e3c-8d2a-4b9f-a1e6-5c3d9f2b7a18",
    monogram: "ZB",
    colour: "#b91c1c",
    isBeta: false,
    dataProvidedBy: "Zoho",
    oauth: oauth({
      authorizeUrl: "https://accounts.zoho.com/oauth/v2/auth",
      tokenUrl: "{accounts-server}/oauth/v2/token",
      revocation: { kind: "rfc7009", url: "{accounts-server}/oauth/v2/token/revoke" },
      scopes: ["ZohoBooks.fullaccess.all"],
      scopeSeparator: ",",
      authorizeParameters: { access_type: "offline", prompt: "consent" },
      clientAuthentication: "client_secret_post",
      callbackParameters: [
        { name: "accounts-server", pattern: "^https://accounts\\.zoho\\.(com|eu|in|com\\.au|com\\.cn|jp|ca|sa|uk)$" },
        { name: "location", pattern: "^[a-z]{2,3}$" },
      ],
      tokenResponseFields: [{ name: "api_domain", pattern: "^https://www\\.zohoapis\\.(com|eu|in|com\\.au|com\\.cn|jp|ca|sa|uk)$" }],
      postConnect: { kind: "lookup", url: "{api_domain}/books/v3/organizations", path: "organizations.0.organization_id", keep: { name: "organization_id", pattern: "^[0-9]{1,32}$" } },
      identity: "organization_id",
      apiBaseUrl: "{api_domain}/books/v3",
      documentation: "https://www.zoho.com/accounts/protocol/oauth/multi-dc.html",
    }),
  },
  {
    key: "qudb",
    name: "TrueLayer",
    sourceType: "Banking",
    integrationId: "d4a8e2c6-1b5f-4a9d-8e3c-7f2b6a1d9e21",
    sourceId: "a7c3f9e1-5d2b-4c8a-b6e4-2d9f1c7a3e22",
    monogram: "TL",
    colour: "#1d4ed8",
    isBeta: true,
    dataProvidedBy: "TrueLayer",
    oauth: oauth({
      authorizeUrl: "https://auth.truelayer.com/",
      tokenUrl: "https://auth.truelayer.com/connect/token",
      revocation: { kind: "bearer-delete", url: "https://auth.truelayer.com/api/delete" },
      scopes: ["info", "accounts", "balance", "transactions", "offline_access"],
      authorizeParameters: { providers: "uk-ob-all uk-oauth-all" },
      clientAuthentication: "client_secret_post",
      pkce: true,
      postConnect: { kind: "lookup", url: "https://api.truelayer.com/data/v1/me", path: "results.0.credentials_id", keep: { name: "credentials_id", pattern: "^[A-Za-z0-9+/=_-]{1,128}$" } },
      identity: "credentials_id",
      apiBaseUrl: "https://api.truelayer.com/data/v1",
      documentation: "https://docs.truelayer.com/docs/data-api-basics",
    }),
  },
  {
    key: "akxx",
    name: "Shopify",
    sourceType: "Commerce",
    integrationId: "7c1e4b9d-3a6f-4d2e-8b5a-9f0c3e6d2b09",
    sourceId: "6a3f9d2c-5e8b-4a1d-b7f0-1c4e8a3d5f10",
    monogram: "SH",
    colour: "#4d7c0f",
    isBeta: false,
    dataProvidedBy: "Shopify",
    oauth: oauth({
      authorizeUrl: "https://{shop}/admin/oauth/authorize",
      tokenUrl: "https://{shop}/admin/oauth/access_token",
      revocation: { kind: "shopify-uninstall", url: "https://{shop}/admin/api_permissions/current.json" },
      scopes: ["read_orders", "read_products", "read_customers"],
      scopeSeparator: ",",
      tokenParameters: { expiring: "1" },
      clientAuthentication: "client_secret_post",
      startParameters: [{ name: "shop", pattern: "^[a-z0-9][a-z0-9-]{0,59}\\.myshopify\\.com$", label: "Shop address", placeholder: "your-shop.myshopify.com", normalize: "shopify-shop" }],
      callbackParameters: [{ name: "shop", pattern: "^[a-z0-9][a-z0-9-]{0,59}\\.myshopify\\.com$" }],
      callbackCheck: "shopify-hmac",
      identity: "shop",
      refreshTokenIdleDays: 90,
      apiBaseUrl: "https://{shop}",
      apiTokenHeader: "x-shopify-access-token",
      documentation: "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant",
    }),
  },
  {
    key: "wkdy",
    name: "Stripe",
    sourceType: "Commerce",
    integrationId: "2f7a3d8e-6c1b-4e9f-a4d2-8b5e1c7f3a11",
    sourceId: "8d4b1e6a-2f9c-4b7e-9a3d-5c0f7e2b4d12",
    monogram: "ST",
    colour: "#4338ca",
    isBeta: false,
    dataProvidedBy: "Stripe",
    oauth: oauth({
      authorizeUrl: "https://connect.stripe.com/oauth/authorize",
      tokenUrl: "https://connect.stripe.com/oauth/token",
      revocation: { kind: "stripe-deauthorize", url: "https://connect.stripe.com/oauth/deauthorize" },
      scopes: ["read_write"],
      clientAuthentication: "client_secret_post",
      tokenResponseFields: [{ name: "stripe_user_id", pattern: "^acct_[A-Za-z0-9]{1,64}$" }],
      identity: "stripe_user_id",
      apiBaseUrl: "https://api.stripe.com",
      apiHeaders: { "stripe-account": "{stripe_user_id}" },
      documentation: "https://docs.stripe.com/connect/oauth-reference",
    }),
  },
  {
    key: "hrxh",
    name: "Square",
    sourceType: "Commerce",
    integrationId: "c5e9a1d3-7f2b-4d6e-9b8a-1f4c7e2d9b19",
    sourceId: "e2b6d9f1-3a7c-4e5b-8d2f-9c1a4b7e3d20",
    monogram: "SQ",
    colour: "#1f2937",
    isBeta: false,
    dataProvidedBy: "Square",
    oauth: oauth({
      authorizeUrl: "https://connect.squareup.com/oauth2/authorize",
      tokenUrl: "https://connect.squareup.com/oauth2/token",
      revocation: { kind: "square-revoke", url: "https://connect.squareup.com/oauth2/revoke" },
      scopes: ["MERCHANT_PROFILE_READ", "PAYMENTS_READ", "ORDERS_READ", "ITEMS_READ"],
      tokenRequestFormat: "json",
      clientAuthentication: "client_secret_post",
      pkce: true,
      tokenResponseFields: [{ name: "merchant_id", pattern: "^[A-Za-z0-9]{1,64}$" }],
      identity: "merchant_id",
      // Access tokens live 30 days but should be renewed at least every 7 (refresh tokens last
      // 90): a keep-alive every 7 days, as for a 14-day idle life.
      refreshTokenIdleDays: 14,
      apiBaseUrl: "https://connect.squareup.com",
      documentation: "https://developer.squareup.com/docs/oauth-api/overview",
    }),
  },
];

const BY_KEY = new Map(CATALOGUE.map((entry) => [entry.key, entry]));

/** The platform fields a new connection copies from its catalogue entry. */
export function platformFieldsOf(entry: CatalogueEntry) {
  return {
    integrationId: entry.integrationId,
    integrationKey: entry.key,
    sourceId: entry.sourceId,
    sourceType: entry.sourceType,
    platformName: entry.name,
  };
}

export function findIntegration(key: string): CatalogueEntry | undefined {
  return BY_KEY.get(key);
}

/** The catalogue entry's lettermark as a standalone SVG document. */
export function logoSvg(entry: CatalogueEntry): string {
  const fontSize = entry.monogram.length > 1 ? 40 : 52;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${entry.name}">` +
    `<rect width="96" height="96" rx="20" fill="${entry.colour}"/>` +
    `<text x="48" y="50" fill="#ffffff" font-family="system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif" ` +
    `font-size="${fontSize}" font-weight="700" text-anchor="middle" dominant-baseline="central">${entry.monogram}</text>` +
    `</svg>`
  );
}

/** Public path of an entry's logo on this server. */
export const logoPath = (key: string): string => `/assets/logos/${key}.svg`;
