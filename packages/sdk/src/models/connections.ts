import * as v from "valibot";
import { page, type PageLinks } from "./paging.js";
import { DateTime, Url, Uuid, wire } from "./wire.js";

/**
 * The current authorization status of the data connection: `PendingAuth` (created, not yet
 * authorized), `Linked`, `Unlinked` (cut by the client; data kept) or `Deauthorized` (the
 * platform withdrew access; needs a reconnect).
 */
export const ConnectionStatus = /* @__PURE__ */ v.picklist(["PendingAuth", "Linked", "Unlinked", "Deauthorized"]);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatus>;

/** The type of platform of the connection. */
export const SourceType = /* @__PURE__ */ v.picklist([
  "Accounting",
  "Banking",
  "BankFeed",
  "Commerce",
  "Expense",
  "Other",
  "Unknown",
]);
export type SourceType = v.InferOutput<typeof SourceType>;

/** The current status of a transient error. Null statuses indicate that the error is not transient. */
export const DataConnectionErrorStatus = /* @__PURE__ */ v.picklist(["Active", "Resolved"]);
export type DataConnectionErrorStatus = v.InferOutput<typeof DataConnectionErrorStatus>;

/** Data connection error: what went wrong at the platform, and whether it is resolved. */
export const DataConnectionError = /* @__PURE__ */ wire({
  /** The HTTP status code returned by the source platform when the error occurred. */
  statusCode: v.optional(v.string()),
  /** A non-numeric status code/text returned by the source platform when the error occurred. */
  statusText: v.optional(v.string()),
  /** A message about a error returned by Codat. */
  errorMessage: v.optional(v.string()),
  /** When the error occurred (ISO 8601). */
  erroredOnUtc: v.optional(DateTime),
  /** The current status of a transient error. Null statuses indicate that the error is not transient. */
  status: v.nullish(DataConnectionErrorStatus),
  /** The datetime in Utc that the error was resolved. */
  resolvedOnUtc: v.nullish(DateTime),
});
export type DataConnectionError = v.InferOutput<typeof DataConnectionError>;

/**
 * A connection represents a company's connection to a data source and allows you to synchronize
 * data (pull and/or push) with that source.
 */
export const Connection = /* @__PURE__ */ wire({
  /** Unique identifier for a company's data connection. */
  id: Uuid,
  /** A Codat ID representing the integration. */
  integrationId: Uuid,
  /**
   * A unique four-character ID that identifies the platform of the company's data connection.
   * This ensures continuity if the platform changes its name in the future.
   */
  integrationKey: v.optional(v.string()),
  /**
   * A source-specific ID used to distinguish between different sources originating from the same
   * data connection.
   */
  sourceId: Uuid,
  /** The type of platform of the connection. */
  sourceType: SourceType,
  /** Name of integration connected to company. */
  platformName: v.string(),
  /** The link URL your customers can use to authorize access to their business application. */
  linkUrl: Url,
  /** The current authorization status of the data connection. */
  status: ConnectionStatus,
  /** When the connection's data was last synced (ISO 8601); absent or null before the first sync. */
  lastSync: v.nullish(DateTime),
  /** When the connection was created (ISO 8601). */
  created: DateTime,
  /** Errors the platform reported for this connection, active and resolved. */
  dataConnectionErrors: v.nullish(v.array(DataConnectionError)),
  /** Non-secret details of the connection at its platform (a tenant, a shop). */
  connectionInfo: v.nullish(v.record(v.string(), v.unknown())),
});
export type Connection = v.InferOutput<typeof Connection>;

/** A page of connections. (The schema checks the wire shape; the client's value also has `links`.) */
export const Connections = /* @__PURE__ */ page(Connection);
export type Connections = v.InferOutput<typeof Connections> & PageLinks;

/** Update connection: the status to set (only `Unlinked` may be set). */
export const UpdateConnectionStatus = /* @__PURE__ */ wire({
  /** The current authorization status of the data connection. */
  status: v.nullish(ConnectionStatus),
});
export type UpdateConnectionStatus = v.InferOutput<typeof UpdateConnectionStatus>;

/** The body of a new connection: which platform. */
export const CreateConnectionRequestBody = /* @__PURE__ */ wire({
  /** A unique 4-letter key to represent a platform in each integration (`gbol` is Xero). */
  platformKey: v.optional(v.string()),
});
export type CreateConnectionRequestBody = v.InferOutput<typeof CreateConnectionRequestBody>;
