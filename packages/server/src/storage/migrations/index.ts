// In-code migration list (no file-system scanning, so it works the same from `src/` under tsx
// and from `dist/`). Names sort in application order: add a new `NNNN_name.ts` next to this
// file and one line below.
import type { Migration, MigrationProvider } from "kysely";
import * as initial from "./0001_initial.js";
import * as webhooks from "./0100_webhooks.js";
import * as companyLookupIndex from "./0200_company_lookup_index.js";
import * as deletedApiKeys from "./0300_deleted_api_keys.js";
import * as oauth from "./0400_oauth.js";
import * as refresh from "./0500_refresh.js";
import * as companyTags from "./0600_company_tags.js";
import * as clientRedirectUrl from "./0700_client_redirect_url.js";

const migrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0100_webhooks": webhooks,
  "0200_company_lookup_index": companyLookupIndex,
  "0300_deleted_api_keys": deletedApiKeys,
  "0400_oauth": oauth,
  "0500_refresh": refresh,
  "0600_company_tags": companyTags,
  "0700_client_redirect_url": clientRedirectUrl,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
