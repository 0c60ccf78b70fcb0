// Table shapes as Kysely sees them. Ids are UUID strings; dates are ISO-8601 UTC strings
// (`2026-01-01T12:00:00.000Z`), which sort correctly as text on both engines; JSON is text.
export interface ClientsTable {
  id: string;
  name: string;
  /** 1 for the client `npm start` seeds and `PLATFORM_API_KEY` belongs to, else 0. */
  is_default: number;
  created_date: string;
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
  connections: ConnectionsTable;
  cors_origins: CorsOriginsTable;
  signing_keys: SigningKeysTable;
  webhook_events: WebhookEventsTable;
  counters: CountersTable;
}
