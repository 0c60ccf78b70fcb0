// The built-in integrations catalogue: a handful of accounting, banking and commerce platforms
// this server can create connections for, plus a sandbox. Logos are self-made SVG lettermarks
// served by this server (no third-party artwork). Ids are fixed so they stay stable across
// restarts and nodes.
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
  /** Fields the authorization body must carry (non-empty) for the connection to link. */
  authorizationFields: readonly string[];
  isBeta: boolean;
  dataProvidedBy: string;
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
    authorizationFields: ["accessToken"],
    isBeta: false,
    dataProvidedBy: "Xero",
  },
  {
    key: "qhyg",
    name: "QuickBooks Online",
    sourceType: "Accounting",
    integrationId: "1b9d6e3f-7a2c-4d8e-b0f5-3c6a9e2d1f05",
    sourceId: "9f2e7c4a-1d6b-4a3e-8c5f-7e0d2b1a3c06",
    monogram: "QB",
    colour: "#15803d",
    authorizationFields: ["accessToken"],
    isBeta: false,
    dataProvidedBy: "QuickBooks Online",
  },
  {
    key: "dfxm",
    name: "Basiq",
    sourceType: "Banking",
    integrationId: "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
    sourceId: "bdd831ce-eebd-4896-89a7-20e5ee8989ee",
    monogram: "BQ",
    colour: "#1d4ed8",
    authorizationFields: ["consentId"],
    isBeta: false,
    dataProvidedBy: "Basiq",
  },
  {
    key: "ugxp",
    name: "Plaid",
    sourceType: "Banking",
    integrationId: "5d8c2a7e-9f1b-4e6d-a3c0-2b7e5f9d1a07",
    sourceId: "3e9a5c1f-6b2d-4f8a-9e7c-4d0b6a2f8e08",
    monogram: "PL",
    colour: "#111827",
    authorizationFields: ["publicToken"],
    isBeta: true,
    dataProvidedBy: "Plaid",
  },
  {
    key: "akxx",
    name: "Shopify",
    sourceType: "Commerce",
    integrationId: "7c1e4b9d-3a6f-4d2e-8b5a-9f0c3e6d2b09",
    sourceId: "6a3f9d2c-5e8b-4a1d-b7f0-1c4e8a3d5f10",
    monogram: "SH",
    colour: "#4d7c0f",
    authorizationFields: ["shopDomain", "accessToken"],
    isBeta: false,
    dataProvidedBy: "Shopify",
  },
  {
    key: "wkdy",
    name: "Stripe",
    sourceType: "Commerce",
    integrationId: "2f7a3d8e-6c1b-4e9f-a4d2-8b5e1c7f3a11",
    sourceId: "8d4b1e6a-2f9c-4b7e-9a3d-5c0f7e2b4d12",
    monogram: "ST",
    colour: "#4338ca",
    authorizationFields: ["accountId"],
    isBeta: false,
    dataProvidedBy: "Stripe",
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
