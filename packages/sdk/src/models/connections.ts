import * as v from "valibot";
import { page } from "./paging.js";
import { DateTime, Url, Uuid, wire } from "./wire.js";

export const ConnectionStatus = /* @__PURE__ */ v.picklist(["PendingAuth", "Linked", "Unlinked", "Deauthorized"]);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatus>;

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

export const DataConnectionErrorStatus = /* @__PURE__ */ v.picklist(["Active", "Resolved"]);
export type DataConnectionErrorStatus = v.InferOutput<typeof DataConnectionErrorStatus>;

export const DataConnectionError = /* @__PURE__ */ wire({
  statusCode: v.optional(v.string()),
  statusText: v.optional(v.string()),
  errorMessage: v.optional(v.string()),
  erroredOnUtc: v.optional(DateTime),
  status: v.nullish(DataConnectionErrorStatus),
  resolvedOnUtc: v.nullish(DateTime),
});
export type DataConnectionError = v.InferOutput<typeof DataConnectionError>;

export const Connection = /* @__PURE__ */ wire({
  id: Uuid,
  integrationId: Uuid,
  integrationKey: v.optional(v.string()),
  sourceId: Uuid,
  sourceType: SourceType,
  platformName: v.string(),
  linkUrl: Url,
  status: ConnectionStatus,
  lastSync: v.nullish(DateTime),
  created: DateTime,
  dataConnectionErrors: v.nullish(v.array(DataConnectionError)),
  connectionInfo: v.nullish(v.record(v.string(), v.unknown())),
});
export type Connection = v.InferOutput<typeof Connection>;

export const Connections = /* @__PURE__ */ page(Connection);
export type Connections = v.InferOutput<typeof Connections>;

export const UpdateConnectionStatus = /* @__PURE__ */ wire({ status: v.nullish(ConnectionStatus) });
export type UpdateConnectionStatus = v.InferOutput<typeof UpdateConnectionStatus>;

export const CreateConnectionRequestBody = /* @__PURE__ */ wire({ platformKey: v.optional(v.string()) });
export type CreateConnectionRequestBody = v.InferOutput<typeof CreateConnectionRequestBody>;
