// Table shapes as Kysely sees them. Ids are UUID strings; dates are ISO-8601 UTC strings
// (`2026-01-01T12:00:00.000Z`), which sort correctly as text on both engines; JSON is text.
export interface ClientsTable {
  id: string;
  name: string;
  /** 1 for the client `npm start` seeds and `PLATFORM_API_KEY` belongs to, else 0. */
  is_default: number;
  created_date: string;
  /** Where the owner of one of its companies goes back to once done ({companyId} filled in), or null. */
  redirect_url: string | null;
}

export interface ApiKeysTable {
  id: string;
  client_id: string;
  name: string | null;
  /** base64url SHA-256 of the key; the key itself is never stored. */
  key_hash: string;
  created_date: string;
}

/** An API key deleted through the API, by hash: a fixed-value key is not brought back. */
export interface DeletedApiKeysTable {
  key_hash: string;
  client_id: string;
  deleted_date: string;
}

export interface CompaniesTable {
  id: string;
  client_id: string;
  name: string;
  description: string;
  /** JSON object of string → string. */
  tags: string;
  created_date: string;
  modified_date: string;
  last_sync: string | null;
}

/** The searchable copy of `companies.tags`, one row per tag (repositories/company-tags.ts). */
export interface CompanyTagsTable {
  company_id: string;
  client_id: string;
  name: string;
  value: string;
  /** `value` lower-cased by the application, what the `~` (contains) operator compares. */
  value_folded: string;
}

export interface ConnectionsTable {
  id: string;
  client_id: string;
  company_id: string;
  integration_id: string;
  integration_key: string;
  source_id: string;
  source_type: string;
  platform_name: string;
  status: string;
  created_date: string;
  modified_date: string;
  last_sync: string | null;
  /** JSON array of the contract's dataConnectionError objects, or null. */
  errors: string | null;
  /** JSON object of the non-secret values kept from the platform (realmId, tenantId, ...), or null. */
  connection_info: string | null;
}

/** A client's own OAuth app at a platform. */
export interface PlatformAppsTable {
  client_id: string;
  platform_key: string;
  oauth_client_id: string;
  /** Sealed (tokens/secret-box.ts) with associated data `platform-app:<client>:<platform>`. */
  client_secret_sealed: string;
  /** JSON array of scopes replacing the platform's defaults, or null. */
  scopes: string | null;
  created_date: string;
  modified_date: string;
}

/** A platform a client added by its endpoints (the generic OAuth 2.0 platform). */
export interface CustomPlatformsTable {
  client_id: string;
  platform_key: string;
  name: string;
  source_type: string;
  integration_id: string;
  source_id: string;
  /** The OAuthDefinition (oauth/definition.ts) as JSON. */
  definition: string;
  created_date: string;
  modified_date: string;
}

/** The tokens of a linked connection; sealed with associated data `connection-credentials:<connection>:<kind>`. */
export interface ConnectionCredentialsTable {
  connection_id: string;
  client_id: string;
  access_token_sealed: string;
  refresh_token_sealed: string | null;
  token_type: string;
  /** Space-separated granted scopes, when the platform said. */
  scopes: string | null;
  expires_date: string | null;
  obtained_date: string;
  modified_date: string;
  /** Grows by one with every new access token (a refresher that waited re-reads on a change). */
  version: number;
  /** When the background refresher should refresh next (expiry minus a margin, or keep-alive). */
  refresh_due_date: string | null;
  /** A node refreshing these tokens holds them until then (`claim_id` names the claim). */
  claimed_until: string | null;
  claim_id: string | null;
  /** Refresh attempts failed in a row by an outage (not a refusal), and since when. */
  failures: number;
  failing_since: string | null;
  last_refreshed_date: string | null;
}

/** An authorization in progress: the `state` sent to the platform (by hash) and what the callback needs. */
export interface OAuthFlowsTable {
  /** base64url SHA-256 of the `state` value; the value itself is never stored. */
  state_hash: string;
  client_id: string;
  company_id: string;
  connection_id: string;
  /** base64url SHA-256 of the nonce in the browser's flow cookie. */
  browser_hash: string;
  code_verifier_sealed: string | null;
  /** JSON object of the start parameters (a Shopify shop). */
  parameters: string;
  created_date: string;
  expires_date: string;
  /** Set when the callback used it: a second use is a replay. */
  consumed_date: string | null;
}

/** A revocation at a platform, made after the commit that unlinked or deleted its connection. */
export interface RevocationsTable {
  id: string;
  client_id: string;
  connection_id: string;
  platform_key: string;
  /** Sealed JSON of what the call needs (endpoint, app credentials, tokens); null once finished. */
  request_sealed: string | null;
  state: "Pending" | "Done" | "Failed";
  attempts: number;
  next_attempt_date: string;
  locked_until: string | null;
  last_error: string | null;
  created_date: string;
  finished_date: string | null;
}

export interface CorsOriginsTable {
  client_id: string;
  origin: string;
  created_date: string;
}

export interface SigningKeysTable {
  kid: string;
  /** Public JWK (OKP / Ed25519) as JSON. */
  public_jwk: string;
  /** PKCS#8 DER private key, AES-256-GCM encrypted: base64url(iv).base64url(tag).base64url(ciphertext). */
  private_key_encrypted: string;
  created_date: string;
  /** Set when a newer key took over; the public key stays published until `retire_after`. */
  superseded_date: string | null;
  retire_after: string | null;
}

export interface WebhookEventsTable {
  /** Position in the outbox; strictly increasing in commit order (see events/outbox.ts). */
  sequence: number;
  id: string;
  client_id: string;
  company_id: string;
  event_type: string;
  /** The whole CompanyWebhook / ConnectionWebhook body as JSON. */
  payload: string;
  generated_date: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface Database {
  clients: ClientsTable;
  api_keys: ApiKeysTable;
  deleted_api_keys: DeletedApiKeysTable;
  companies: CompaniesTable;
  company_tags: CompanyTagsTable;
  connections: ConnectionsTable;
  platform_apps: PlatformAppsTable;
  custom_platforms: CustomPlatformsTable;
  connection_credentials: ConnectionCredentialsTable;
  oauth_flows: OAuthFlowsTable;
  revocations: RevocationsTable;
  cors_origins: CorsOriginsTable;
  signing_keys: SigningKeysTable;
  webhook_events: WebhookEventsTable;
  counters: CountersTable;
}
