// What `npm start` prints once the server listens: everything a newcomer needs to call it.
import { displayDatabaseUrl } from "./config.js";
import { companyLinkUrl } from "./wire.js";
import type { SeedResult } from "./seed.js";

export interface BannerInput {
  publicUrl: string;
  databaseUrl: string;
  seed: SeedResult;
  /** The demo host page, when the browser routes are registered. */
  demoPageUrl?: string | undefined;
  /** The demo platform (DEMO_PAGE=true): where it is, or why it is off. */
  demoPlatform?: { url: string } | { off: string } | undefined;
  /** Server processes (WORKERS); shown when more than one. */
  workers?: number;
}

export function banner({ publicUrl, databaseUrl, seed, demoPageUrl, demoPlatform, workers = 1 }: BannerInput): string {
  const authHeader = `Basic ${Buffer.from(seed.apiKey).toString("base64")}`;
  const lines = [
    "",
    `Platform API listening on ${publicUrl}${workers > 1 ? ` (${workers} worker processes)` : ""}`,
    `  database        ${displayDatabaseUrl(databaseUrl)}${seed.seeded ? " (new: seeded a default client and a demo company)" : ""}`,
  ];
  if (seed.apiKeyDeleted) {
    // Deleted through the API (perhaps because it leaked): it stays deleted, and says so.
    lines.push(
      `  API key         PLATFORM_API_KEY was deleted through the API on ${seed.apiKeyDeleted} and is not restored:`,
      `                  it no longer works. Set PLATFORM_API_KEY to a new value, or unset it for a generated key.`,
    );
  } else {
    lines.push(
      `  API key         ${seed.apiKey}`,
      `                  (${seed.apiKeySource === "PLATFORM_API_KEY" ? "from PLATFORM_API_KEY" : `kept in ${seed.apiKeyFile}, mode 0600`})`,
      `  Authorization   ${authHeader}`,
    );
  }
  if (seed.demoCompanyId) {
    lines.push(`  demo company    ${seed.demoCompanyId}`);
    if (!seed.apiKeyDeleted) {
      lines.push(`  its token       curl -s -H "Authorization: ${authHeader}" ${publicUrl}/companies/${seed.demoCompanyId}/connectionManagement/accessToken`);
    }
    lines.push(`  its link page   ${companyLinkUrl(publicUrl, seed.demoCompanyId)}`);
  }
  if (demoPageUrl) lines.push(`  demo page       ${demoPageUrl}`);
  if (demoPlatform) {
    lines.push(`  demo platform   ${"url" in demoPlatform ? `${demoPlatform.url} (its sign-in takes any name and password)` : `off: ${demoPlatform.off}`}`);
  }
  lines.push(
    `  API document    ${publicUrl}/openapi.json`,
    "",
    "First step for your own app: allow the origin (scheme://host:port) of the page that embeds the Connections UI",
    "  npm run admin -- allow-origin https://app.example.com",
    "  (npm run admin -- --help lists the commands: clients, API keys, origins, platforms)",
    "Stop with Ctrl-C: running requests finish first.",
    "",
  );
  return lines.join("\n");
}
