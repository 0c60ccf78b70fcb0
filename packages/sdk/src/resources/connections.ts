import type { CodatPlatformCore } from "../core.js";
import { connectionsCreate } from "../funcs/connectionsCreate.js";
import { connectionsDelete } from "../funcs/connectionsDelete.js";
import { connectionsGet } from "../funcs/connectionsGet.js";
import { connectionsList } from "../funcs/connectionsList.js";
import { connectionsProxy, type ConnectionProxyRequest } from "../funcs/connectionsProxy.js";
import { connectionsUnlink } from "../funcs/connectionsUnlink.js";
import { connectionsUpdateAuthorization } from "../funcs/connectionsUpdateAuthorization.js";
import type { RequestOptions } from "../lib/options.js";
import { unwrap } from "../lib/result.js";
import type * as req from "../models/requests.js";

export class Connections {
  constructor(private readonly client: CodatPlatformCore) {}

  list(request: req.ListConnectionsRequest, options?: RequestOptions) {
    return unwrap(connectionsList(this.client, request, options));
  }
  create(request: req.CreateConnectionRequest, options?: RequestOptions) {
    return unwrap(connectionsCreate(this.client, request, options));
  }
  get(request: req.GetConnectionRequest, options?: RequestOptions) {
    return unwrap(connectionsGet(this.client, request, options));
  }
  delete(request: req.DeleteConnectionRequest, options?: RequestOptions) {
    return unwrap(connectionsDelete(this.client, request, options));
  }
  unlink(request: req.UnlinkConnectionRequest, options?: RequestOptions) {
    return unwrap(connectionsUnlink(this.client, request, options));
  }
  updateAuthorization(request: req.UpdateConnectionAuthorizationRequest, options?: RequestOptions) {
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
