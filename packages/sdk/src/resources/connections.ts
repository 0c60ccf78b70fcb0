import type { CodatPlatformCore } from "../core.js";
import { connectionsProxy, type ConnectionProxyRequest } from "../funcs/connectionsProxy.js";
import { connectionsUnlink } from "../funcs/connectionsUnlink.js";
import { connectionsUpdateAuthorization } from "../funcs/connectionsUpdateAuthorization.js";
import type { RequestOptions } from "../lib/options.js";
import { invoke } from "../lib/request.js";
import { unwrap } from "../lib/result.js";
import type { Connection, Connections as ConnectionPage } from "../models/connections.js";
import type {
  CreateConnectionRequest,
  DeleteConnectionRequest,
  GetConnectionRequest,
  ListConnectionsRequest,
  UnlinkConnectionRequest,
  UpdateConnectionAuthorizationRequest,
} from "../models/requests.js";
import { createConnection, deleteConnection, getConnection, listConnections } from "../operations/connections.js";

/** Create new and manage existing data connections for a company. */
export class Connections {
  constructor(private readonly client: CodatPlatformCore) {}

  /** List connections: `GET /companies/{companyId}/connections`. A page of the company's connections; `links.next` leads to the next page. */
  list(request: ListConnectionsRequest, options?: RequestOptions): Promise<ConnectionPage> {
    return unwrap(invoke(this.client, listConnections, request, options));
  }

  /**
   * Create connection: `POST /companies/{companyId}/connections`. A connection to the platform
   * `requestBody.platformKey`, `PendingAuth` until its owner authorizes it at its `linkUrl`.
   */
  create(request: CreateConnectionRequest, options?: RequestOptions): Promise<Connection> {
    return unwrap(invoke(this.client, createConnection, request, options));
  }

  /** Get connection: `GET /companies/{companyId}/connections/{connectionId}`. */
  get(request: GetConnectionRequest, options?: RequestOptions): Promise<Connection> {
    return unwrap(invoke(this.client, getConnection, request, options));
  }

  /**
   * Delete connection: `DELETE /companies/{companyId}/connections/{connectionId}`. Revokes and
   * removes the connection; not reversible.
   */
  delete(request: DeleteConnectionRequest, options?: RequestOptions): Promise<void> {
    return unwrap(invoke(this.client, deleteConnection, request, options));
  }

  /**
   * Unlink connection: `PATCH /companies/{companyId}/connections/{connectionId}`. Deauthorizes
   * the connection without deleting it (status `Unlinked`): data already pulled stays, and it
   * can be authorized again later.
   */
  unlink(request: UnlinkConnectionRequest, options?: RequestOptions): Promise<Connection> {
    return unwrap(connectionsUnlink(this.client, request, options));
  }

  /**
   * Update authorization: `PUT /companies/{companyId}/connections/{connectionId}/authorization`.
   * The credentials of a credential-based platform (OAuth 2.0 platforms authorize at `linkUrl`).
   */
  updateAuthorization(request: UpdateConnectionAuthorizationRequest, options?: RequestOptions): Promise<Connection> {
    return unwrap(connectionsUpdateAuthorization(this.client, request, options));
  }

  /**
   * Calls the connection's platform with its grant, through the proxy: the platform's answer as
   * a `Response`, whatever its status; the proxy's own refusals (404, 409 not linked, 413, 502,
   * 504, ...) throw `ErrorMessage`. See `connectionsProxy`.
   */
  proxy(request: ConnectionProxyRequest, options?: RequestOptions): Promise<Response> {
    return unwrap(connectionsProxy(this.client, request, options));
  }
}
