// The operations on connections, as data (see lib/operation.ts): the standalone functions and the
// resource class both run them through `invoke`.
import { operation, STANDARD_ERRORS, WITH_BAD_REQUEST } from "../lib/operation.js";
import { Connection, Connections } from "../models/connections.js";
import { CreateConnectionRequest, DeleteConnectionRequest, GetConnectionRequest, ListConnectionsRequest } from "../models/requests.js";

/** Create connection: `POST /companies/{companyId}/connections`. */
export const createConnection = /* @__PURE__ */ operation({
  method: "POST",
  path: "/companies/{companyId}/connections",
  request: CreateConnectionRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
  body: "requestBody",
});

/** Delete connection: `DELETE /companies/{companyId}/connections/{connectionId}`. */
export const deleteConnection = /* @__PURE__ */ operation({
  method: "DELETE",
  path: "/companies/{companyId}/connections/{connectionId}",
  request: DeleteConnectionRequest,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** Get connection: `GET /companies/{companyId}/connections/{connectionId}`. */
export const getConnection = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections/{connectionId}",
  request: GetConnectionRequest,
  response: Connection,
  status: 200,
  errors: STANDARD_ERRORS,
});

/** List connections: `GET /companies/{companyId}/connections`. */
export const listConnections = /* @__PURE__ */ operation({
  method: "GET",
  path: "/companies/{companyId}/connections",
  request: ListConnectionsRequest,
  response: Connections,
  status: 200,
  errors: WITH_BAD_REQUEST,
  query: ["page", "pageSize", "query", "orderBy"],
  page: true,
});
