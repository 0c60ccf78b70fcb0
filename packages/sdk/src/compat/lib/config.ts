// The official clients' path `@codat/platform/lib/config`: the client's options and servers.
export { ServerList, serverURLFromOptions, type Logger, type SDKOptions } from "../../lib/options.js";
